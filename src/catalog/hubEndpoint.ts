// Where catalog files are fetched from: Hugging Face, or the mirror named by HF_ENDPOINT (the variable the
// Hugging Face tools themselves honour), for networks that reach the hub only through a mirror. A mirror supplies
// bytes only: what they must hash to comes from the catalog or the main hub (see verifiedDownload.ts).
const HUB = 'https://huggingface.co';

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

export function downloadUrl(url: string, env: Readonly<Record<string, string | undefined>>): string {
  const endpoint = mirrorOf(env);
  return endpoint && url.startsWith(`${HUB}/`) ? endpoint + url.slice(HUB.length) : url;
}
