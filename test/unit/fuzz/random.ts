// A seeded, bounded source of hostile input for the fuzz tests: the same seed gives the same cases on every machine,
// so a failure names its seed and case and can be replayed. No dependency: mulberry32 is enough for test data.

export type Random = () => number;

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const chance = (random: Random, p: number): boolean => random() < p;

const AWKWARD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '💥'.repeat(3),
  '<script>alert(1)</script>',
  '"; DROP TABLE x; --',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'command:workbench.action.terminal.new',
  'http://example.com/',
  'https://example.com/?q=\u202Egnp.exe',
  '__proto__',
  'constructor',
  '\r\n\r\n',
  'a'.repeat(5000),
];

export function randomString(random: Random, maxLength = 40): string {
  if (chance(random, 0.3)) return pick(random, AWKWARD_STRINGS);
  const length = int(random, 0, maxLength);
  let text = '';
  for (let index = 0; index < length; index++) {
    const kind = random();
    text += kind < 0.7 ? String.fromCharCode(int(random, 32, 126)) : kind < 0.9 ? String.fromCharCode(int(random, 0, 0xffff)) : '\n';
  }
  return text;
}

/** Any JSON-ish value, nested up to `depth`, with the values that break careless code over-represented. */
export function randomValue(random: Random, depth = 3): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.45) {
    return pick(random, [
      () => null,
      () => undefined,
      () => true,
      () => false,
      () => int(random, -3, 3),
      () => pick(random, [NaN, Infinity, -Infinity, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.5]),
      () => randomString(random),
      () => randomString(random),
    ])();
  }
  if (roll < 0.7) return Array.from({ length: int(random, 0, 4) }, () => randomValue(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let index = int(random, 0, 5); index > 0; index--) object[chance(random, 0.5) ? randomString(random, 8) : pick(random, ['type', 'id', 'text', 'turn', 'url', 'question', 'ok', 'result', 'error', 'level', 'message', '__proto__'])] = randomValue(random, depth - 1);
  return object;
}

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, truncated sequences, surrogates). */
export function invalidUtf8(random: Random): Buffer {
  return Buffer.from(pick(random, [[0x80], [0xc0, 0xaf], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff, 0xfe], [0xf0, 0x9f, 0x92]]));
}
