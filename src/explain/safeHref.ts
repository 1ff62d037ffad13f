// The one test of a link target in an answer: only absolute http(s) URLs become links; anything else (javascript:,
// data:, file:, command:, relative paths) is dropped and its label stays as text.

/** The link target to use, or undefined: only absolute http(s) URLs, normalised by the URL parser. */
export function safeHref(raw: string): string | undefined {
  const text = raw.trim().replace(/^<(.*)>$/, '$1');
  if (!/^https?:\/\//i.test(text) || /[\s\u0000-\u001f]/.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
