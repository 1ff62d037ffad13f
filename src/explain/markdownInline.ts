// Inline Markdown (code spans, emphasis, links, breaks) -> plain data. Link targets other than absolute http(s)
// URLs are dropped (the label stays as text); images become links, so nothing is ever loaded.

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

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

const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The match of a sticky regex at `index`, without copying the rest of the text (which would make parsing quadratic). */
function matchAt(sticky: RegExp, text: string, index: number): string | undefined {
  sticky.lastIndex = index;
  return sticky.exec(text)?.[0];
}

/** At most the next 2 kB of text from `index`: enough for any autolink. */
const at = (text: string, index: number): string => text.slice(index, index + 2100);

/** Link targets longer than this are not links. */
const MAX_LINK_CHARS = 2048;

/** Emphasis and link labels nest at most this deep; deeper markers read as text. */
const MAX_NESTING = 12;

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  // Per emphasis marker, the earliest position from which a search for a closer already failed: a later opener
  // cannot find one either, so text like `*a *a *a …` costs linear time, not quadratic.
  const noCloserFrom = new Map<string, number>();
  let pairs: Pairs | undefined;
  const pushText = (value: string) => {
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text += value;
    else if (value) out.push({ type: 'text', text: value });
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1]!)) {
      pushText(text[i + 1]!);
      i += 2;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      out.push({ type: 'break' });
      i += 2;
      continue;
    }
    if (ch === ' ' && matchAt(/ {2,}\n/y, text, i) !== undefined) {
      const spaces = matchAt(/ +/y, text, i)!.length;
      out.push({ type: 'break' });
      i += spaces + 1;
      continue;
    }
    if (ch === '`') {
      const run = matchAt(/`+/y, text, i)!;
      const end = findRun(text, run, i + run.length);
      if (end >= 0) {
        let code = text.slice(i + run.length, end).replace(/\n/g, ' ');
        if (/^ .* $/.test(code) && code.trim() !== '') code = code.slice(1, -1);
        out.push({ type: 'code', text: code });
        i = end + run.length;
      } else {
        pushText(run);
        i += run.length;
      }
      continue;
    }
    if (ch === '<') {
      const auto = /<(https?:\/\/[^\s<>]{1,2048})>/iy.exec(at(text, i));
      const href = auto ? safeHref(auto[1]!) : undefined;
      if (auto && href) {
        out.push({ type: 'link', href, children: [{ type: 'text', text: auto[1]! }] });
        i += auto[0].length;
        continue;
      }
    }
    if (depth < MAX_NESTING && (ch === '[' || (ch === '!' && text[i + 1] === '['))) {
      pairs ??= { brackets: matchingPairs(text, '[', ']'), parens: matchingPairs(text, '(', ')') };
      const link = parseLink(text, ch === '!' ? i + 1 : i, pairs);
      if (link) {
        const children = parseInline(link.label, depth + 1);
        // Images are never loaded: an image becomes a link to it (or just its description).
        if (link.href) out.push({ type: 'link', href: link.href, children: children.length ? children : [{ type: 'text', text: link.href }] });
        else out.push(...children);
        i = link.end;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const emphasis = depth < MAX_NESTING ? parseEmphasis(text, i, noCloserFrom, depth) : undefined;
      if (emphasis) {
        out.push(emphasis.node);
        i = emphasis.end;
        continue;
      }
      const run = matchAt(ch === '*' ? /\*+/y : /_+/y, text, i)!;
      pushText(run);
      i += run.length;
      continue;
    }
    const plain = matchAt(/[^\\`<[!*_ ]+/y, text, i);
    if (plain) {
      pushText(plain);
      i += plain.length;
    } else {
      pushText(ch);
      i++;
    }
  }
  return out;
}

function findRun(text: string, run: string, from: number): number {
  for (let at = text.indexOf(run, from); at >= 0; at = text.indexOf(run, at + 1)) {
    const before = text[at - 1];
    const after = text[at + run.length];
    if (before !== '`' && after !== '`') return at;
  }
  return -1;
}

/** For each opening character, the index of its matching closer (-1 if none), in one pass: linear time. */
function matchingPairs(text: string, open: string, close: string): Int32Array {
  const match = new Int32Array(text.length).fill(-1);
  const stack: number[] = [];
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === open) stack.push(j);
    else if (text[j] === close && stack.length) match[stack.pop()!] = j;
  }
  return match;
}

interface Pairs {
  brackets: Int32Array;
  parens: Int32Array;
}

function parseLink(text: string, open: number, pairs: Pairs): { label: string; href?: string; end: number } | undefined {
  const close = pairs.brackets[open]!;
  if (close < 0 || text[close + 1] !== '(') return undefined;
  const end = pairs.parens[close + 1]!;
  if (end < 0 || end - close > MAX_LINK_CHARS) return undefined;
  const destination = text.slice(close + 2, end).trim().replace(/\s+(?:"[^"]*"|'[^']*')$/, '');
  const href = safeHref(destination);
  const label = text.slice(open + 1, close);
  return href ? { label, href, end: end + 1 } : { label, end: end + 1 };
}

function parseEmphasis(text: string, at: number, noCloserFrom: Map<string, number>, depth: number): { node: Inline; end: number } | undefined {
  const ch = text[at]!;
  const run = matchAt(ch === '*' ? /\*+/y : /_+/y, text, at)!;
  const size = run.length >= 2 ? 2 : 1;
  const marker = ch.repeat(size);
  const after = text[at + size];
  if (after === undefined || /\s/.test(after)) return undefined;
  // `snake_case_names` are not emphasis.
  if (ch === '_' && /[\p{L}\p{N}]/u.test(text[at - 1] ?? '')) return undefined;
  if (at >= (noCloserFrom.get(marker) ?? Number.POSITIVE_INFINITY)) return undefined;
  for (let j = at + size + 1; j <= text.length - size; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '`') {
      const codeRun = matchAt(/`+/y, text, j)!;
      const codeEnd = findRun(text, codeRun, j + codeRun.length);
      if (codeEnd >= 0) j = codeEnd + codeRun.length - 1;
      continue;
    }
    if (!text.startsWith(marker, j) || /\s/.test(text[j - 1]!)) continue;
    if (size === 1 && text[j + 1] === ch) {
      j++;
      continue;
    }
    if (ch === '_' && /[\p{L}\p{N}]/u.test(text[j + size] ?? '')) continue;
    const children = parseInline(text.slice(at + size, j), depth + 1);
    return { node: { type: size === 2 ? 'strong' : 'em', children }, end: j + size };
  }
  noCloserFrom.set(marker, Math.min(at, noCloserFrom.get(marker) ?? at));
  return undefined;
}
