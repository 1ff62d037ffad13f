// Keeps secrets out of every message and log line: the configured API keys, Authorization headers, credentials in
// URLs, and strings shaped like well-known API keys, whatever the server echoed back.
import { stripCredentials } from './endpoint';

const KEY_SHAPES: readonly RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /("?(?:api[_-]?key|authorization|x-api-key)"?\s*[:=]\s*"?)(?:(?:Bearer|Basic)\s+)?[^"\s,}]+/gi,
];

const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = stripCredentials(text);
  for (const secret of secrets) {
    // Very short "keys" would redact ordinary words; a real key is longer than this.
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(KEY_SHAPES[0]!, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(KEY_SHAPES[1]!, REDACTED);
  out = out.replace(KEY_SHAPES[2]!, (_match, lead: string) => `${lead}${REDACTED}`);
  return out;
}

