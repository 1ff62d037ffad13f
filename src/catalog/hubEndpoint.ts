// Where catalog files are fetched from: Hugging Face, or the mirror named by HF_ENDPOINT (the variable the
// Hugging Face tools themselves honour), for networks that reach the hub only through a mirror.
const HUB = 'https://huggingface.co';

export function downloadUrl(url: string, env: Readonly<Record<string, string | undefined>>): string {
  const endpoint = env['HF_ENDPOINT']?.trim().replace(/\/+$/, '');
  return endpoint && url.startsWith(`${HUB}/`) ? endpoint + url.slice(HUB.length) : url;
}
