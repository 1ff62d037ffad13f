// The mirror named by HF_ENDPOINT, where catalog files are fetched from instead of Hugging Face (the variable the
// Hugging Face tools themselves honour), for networks that reach the hub only through a mirror. A mirror supplies
// bytes only: what they must hash to comes from the catalog or the main hub (see verifiedDownload.ts).

/** The mirror's base URL (no trailing slash), or undefined when HF_ENDPOINT is unset or not an http(s) URL. */
export function mirrorOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const endpoint = env['HF_ENDPOINT']?.trim().replace(/\/+$/, '');
  if (!endpoint) return undefined;
  try {
    const url = new URL(endpoint);
    return url.protocol === 'https:' || url.protocol === 'http:' ? endpoint : undefined;
  } catch {
    return undefined;
  }
}
