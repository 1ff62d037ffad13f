// A typing session as a deterministic script of editor events: the typist jumps to a line of a real file (whose
// rest has been cut away), types it back at a varied speed with typos and backspaces, stops to look at suggestions
// now and then (where they may accept one or type through it), and jumps to another function.
import { seededRandom, type Random } from './random';

export type TypingEvent =
  /** The cursor moves to the line whose text is `line`; its text from `column` through `extraLines` more lines is cut. */
  | { kind: 'jump'; line: string; column: number; extraLines: number; delayMs: number }
  /** One keystroke: a character, or Enter (`\n` plus the indentation the editor would add). */
  | { kind: 'key'; text: string; delayMs: number }
  | { kind: 'backspace'; delayMs: number }
  /**
   * The typist stops and looks at what is shown (waiting for it), for `ms` more; `draw` in [0, 1) decides whether
   * they then accept the suggestion, type through part of it, or go on typing.
   */
  | { kind: 'pause'; ms: number; draw: number };

export interface TypingScriptOptions {
  seed: number;
  /** Keystrokes (keys and backspaces) in the session. */
  keystrokes: number;
}

const MIN_LINE_CHARS = 16;
const TYPO_RATE = 0.03;
/** Share of word ends where the typist stops to look (about one pause every 15 keystrokes). */
const PAUSE_RATE = 0.3;

export function typingScript(source: string, options: TypingScriptOptions): TypingEvent[] {
  const random = seededRandom(options.seed);
  const lines = source.split(/\r?\n/);
  const candidates = cutCandidates(lines);
  if (candidates.length === 0) throw new Error('no line to type in this file');
  const events: TypingEvent[] = [];
  const used: number[] = [];
  let keys = 0;
  while (keys < options.keystrokes) {
    const line = pickLine(candidates, used, random);
    used.push(line);
    const text = lines[line]!;
    const indent = text.length - text.trimStart().length;
    const column = indent + random.int(0, Math.min(8, Math.floor((text.length - indent) / 3)));
    const extraLines = pickExtraLines(lines, line, random);
    events.push({ kind: 'jump', line: text, column, extraLines, delayMs: random.int(800, 2000) });
    const typed = [text.slice(column), ...lines.slice(line + 1, line + 1 + extraLines)].join('\n');
    keys += typeText(typed, events, random, options.keystrokes - keys);
  }
  return events;
}

/** Lines worth typing: long enough, not comments, unique in the file (so a jump finds them), with some prefix. */
function cutCandidates(lines: string[]): number[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  const first = Math.min(100, Math.floor(lines.length / 4));
  const result: number[] = [];
  for (let index = first; index < lines.length - 3; index++) {
    const text = lines[index]!;
    const trimmed = text.trim();
    if (trimmed.length < MIN_LINE_CHARS || counts.get(text) !== 1 || /^(\/\/|\/\*|\*|#|"""|''')/.test(trimmed)) continue;
    result.push(index);
  }
  return result;
}

/** Another function: at least 30 lines from every line typed before, when the file allows it. */
function pickLine(candidates: number[], used: number[], random: Random): number {
  const far = candidates.filter((line) => used.every((other) => Math.abs(other - line) >= 30));
  const pool = far.length > 0 ? far : candidates.filter((line) => !used.some((other) => Math.abs(other - line) < 3));
  return random.pick(pool.length > 0 ? pool : candidates);
}

function pickExtraLines(lines: string[], line: number, random: Random): number {
  const draw = random.next();
  const wanted = draw < 0.6 ? 0 : draw < 0.9 ? 1 : 2;
  let extra = 0;
  while (extra < wanted && (lines[line + extra + 1] ?? '').trim().length > 0) extra++;
  return extra;
}

/** Appends the keystrokes that type `text`; returns how many (keys and backspaces), at most `budget`. */
function typeText(text: string, events: TypingEvent[], random: Random, budget: number): number {
  let keys = 0;
  let index = 0;
  while (index < text.length && keys < budget) {
    const char = text[index]!;
    if (char === '\n') {
      // Enter: the editor indents the new line, so the typist does not type its leading whitespace.
      const indent = /^[ \t]*/.exec(text.slice(index + 1))![0];
      events.push({ kind: 'key', text: `\n${indent}`, delayMs: delay(random, true) });
      index += 1 + indent.length;
      keys++;
      continue;
    }
    if (/[a-z]/i.test(char) && random.next() < TYPO_RATE && keys + 3 <= budget) {
      events.push({ kind: 'key', text: typo(char, random), delayMs: delay(random, false) });
      events.push({ kind: 'backspace', delayMs: random.int(200, 500) });
      keys += 2;
    }
    events.push({ kind: 'key', text: char, delayMs: delay(random, /[\s.,;:()[\]{}]/.test(char)) });
    index++;
    keys++;
    const next = text[index];
    if (next !== undefined && /[\s.,;:()[\]{}]/.test(next) && random.next() < PAUSE_RATE) {
      events.push({ kind: 'pause', ms: random.logNormal(1200, 0.5, 400, 4000), draw: random.next() });
    }
  }
  return keys;
}

/** Inter-key delay in ms: about 130 ms median (~75 words a minute), slower around spaces and punctuation. */
function delay(random: Random, boundary: boolean): number {
  return random.logNormal(boundary ? 190 : 130, 0.45, 40, 900);
}

const NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';
function typo(char: string, random: Random): string {
  const at = NEIGHBOURS.indexOf(char.toLowerCase());
  const wrong = NEIGHBOURS[(at + (random.next() < 0.5 ? 1 : NEIGHBOURS.length - 1)) % NEIGHBOURS.length]!;
  return char === char.toUpperCase() ? wrong.toUpperCase() : wrong;
}
