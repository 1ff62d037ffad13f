// A typing session as a deterministic script of editor events: the typist jumps to a line of a real file (whose
// rest has been cut away) and types it back in an editor that behaves like VS Code (auto-closed brackets and
// quotes, auto-indentation), at a varied speed with typos and backspaces, stops to look at suggestions now and then
// (where they may accept one or type through it), and jumps to another function. The script is worked out against
// the same editor model the replay uses, so what the typist presses (typing over a closer, skipping the closing line
// the editor made, fixing indentation) fits what the editor will have done.
import type { Position } from '../../src/completion/types';
import { EditorBuffer } from './EditorBuffer';
import { seededRandom, type Random } from './random';
import { applyAction, nextAction, remaining, type TypingTarget, type TypistAction } from './typist';

export type TypingEvent =
  /** The cursor moves to the line whose text is `line`; its text from `column` through `extraLines` more lines is cut. */
  | { kind: 'jump'; line: string; column: number; extraLines: number; delayMs: number }
  /** A key the typist presses (a character, Enter, Backspace, arrows, a Delete), after `delayMs`. */
  | (TypistAction & { delayMs: number })
  /**
   * The typist stops and looks at what is shown (waiting for it), for `ms` more; `draw` in [0, 1) decides whether
   * they then accept the suggestion, type through part of it, or go on typing.
   */
  | { kind: 'pause'; ms: number; draw: number };

export interface TypingScriptOptions {
  seed: number;
  /** Keystrokes (edits: keys, Enter, Backspace, Delete; not arrow keys) in the session. */
  keystrokes: number;
  /** Decides the editor's auto-closing pairs and indentation rules. */
  languageId: string;
}

const MIN_LINE_CHARS = 16;
const TYPO_RATE = 0.03;
/** Share of word ends where the typist stops to look (about one pause every 15 keystrokes). */
const PAUSE_RATE = 0.3;
const BOUNDARY = /[\s.,;:()[\]{}]/;

export function typingScript(source: string, options: TypingScriptOptions): TypingEvent[] {
  const random = seededRandom(options.seed);
  const lines = source.split(/\r?\n/);
  const candidates = cutCandidates(lines);
  if (candidates.length === 0) throw new Error('no line to type in this file');
  const editor = new EditorBuffer(source, options.languageId);
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
    keys += typeRegion(editor, lines, { line, character: column }, extraLines, random, options.keystrokes - keys, events);
  }
  return events;
}

/** The events that type the text from `start` through `extraLines` more lines back into `source`, from a jump there. */
export function regionScript(source: string, languageId: string, start: Position, extraLines: number, seed = 1): TypingEvent[] {
  const events: TypingEvent[] = [];
  typeRegion(new EditorBuffer(source, languageId), source.split(/\r?\n/), start, extraLines, seededRandom(seed), Infinity, events);
  return events;
}

/**
 * Applies one event to the editor. Says what it was to the editor: an edit (VS Code asks for a suggestion), a cursor
 * move (VS Code hides the suggestion and cancels the request), or nothing.
 */
export function applyEvent(editor: EditorBuffer, event: TypingEvent): 'edit' | 'move' | 'none' {
  switch (event.kind) {
    case 'pause':
      return 'none';
    case 'jump': {
      const line = editor.findLine(event.line);
      if (line >= 0) editor.cut({ line, character: event.column }, event.extraLines);
      return 'move';
    }
    case 'move':
      applyAction(editor, event);
      return 'move';
    default:
      applyAction(editor, event);
      return 'edit';
  }
}

/** Appends the jump and the keystrokes that type the region back; returns how many keystrokes, at most `budget`. */
function typeRegion(editor: EditorBuffer, goal: string[], start: Position, extraLines: number, random: Random, budget: number, events: TypingEvent[]): number {
  const jump: TypingEvent = { kind: 'jump', line: goal[start.line]!, column: start.character, extraLines, delayMs: random.int(800, 2000) };
  events.push(jump);
  applyEvent(editor, jump);
  const target: TypingTarget = { goal, endLine: start.line + extraLines };
  const push = (action: TypistAction) => {
    const event = { ...action, delayMs: delay(action, random) };
    events.push(event);
    applyEvent(editor, event);
  };
  let keys = 0;
  let steps = 0;
  const limit = 100 + 20 * goal.slice(start.line, target.endLine + 1).join('\n').length;
  while (keys < budget) {
    if (++steps > limit) throw new Error(`the typist made no progress typing line ${start.line + 1}`);
    const action = nextAction(editor, target);
    if (!action) break;
    if (action.kind === 'key' && /[a-z]/i.test(action.text) && random.next() < TYPO_RATE && keys + 3 <= budget) {
      push({ kind: 'key', text: typo(action.text, random) });
      push({ kind: 'backspace' });
      keys += 2;
    }
    push(action);
    if (action.kind !== 'move') keys++;
    if (action.kind === 'key') {
      const next = remaining(editor, target)?.rest[0];
      if (next !== undefined && BOUNDARY.test(next) && random.next() < PAUSE_RATE) {
        events.push({ kind: 'pause', ms: random.logNormal(1200, 0.5, 400, 4000), draw: random.next() });
      }
    }
  }
  return keys;
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

/**
 * How many lines after the first one the typist writes: someone writing code presses Enter after most lines, so the
 * keystrokes around Enter (the costly ones in a suffix-first layout) are a real share of the replay.
 */
function pickExtraLines(lines: string[], line: number, random: Random): number {
  const draw = random.next();
  const wanted = draw < 0.25 ? 0 : draw < 0.6 ? 1 : draw < 0.85 ? 2 : 3;
  let extra = 0;
  while (extra < wanted && (lines[line + extra + 1] ?? '').trim().length > 0) extra++;
  return extra;
}

/** Delay before a key in ms: about 130 ms median (~75 words a minute), slower around spaces, punctuation, Enter. */
function delay(action: TypistAction, random: Random): number {
  switch (action.kind) {
    case 'key':
      return random.logNormal(BOUNDARY.test(action.text) ? 190 : 130, 0.45, 40, 900);
    case 'backspace':
      return random.int(200, 500);
    case 'deleteRight':
      return random.int(400, 900);
    default:
      return random.logNormal(190, 0.45, 40, 900);
  }
}

const NEIGHBOURS = 'qwertyuiopasdfghjklzxcvbnm';
function typo(char: string, random: Random): string {
  const at = NEIGHBOURS.indexOf(char.toLowerCase());
  const wrong = NEIGHBOURS[(at + (random.next() < 0.5 ? 1 : NEIGHBOURS.length - 1)) % NEIGHBOURS.length]!;
  return char === char.toUpperCase() ? wrong.toUpperCase() : wrong;
}
