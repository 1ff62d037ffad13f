// The typist: what a person presses next to turn the editor's text into the code they mean to write, knowing what
// the editor does by itself. They type the code character by character; a closer or quote the editor already put
// right of the cursor is typed over when the editor allows it and skipped (arrow keys) when it does not; indentation
// the editor got right is kept and indentation it got wrong is fixed with Backspace and spaces; what the editor
// inserted that the code does not have is deleted at the end.
import type { EditorBuffer } from './EditorBuffer';

export interface TypingTarget {
  /** The file as it should end up, as lines; the region being typed ends with line `endLine`. */
  goal: readonly string[];
  endLine: number;
}

export type TypistAction =
  | { kind: 'key'; text: string }
  | { kind: 'enter' }
  | { kind: 'backspace' }
  /** Arrow keys over `chars` characters (negative: to the left); a line break counts one. No edit. */
  | { kind: 'move'; chars: number }
  /** Deletes `chars` characters right of the cursor as one edit (select them, Delete). */
  | { kind: 'deleteRight'; chars: number };

export interface Remaining {
  /** The code still to type, from the cursor to the end of the region. */
  rest: string;
  /** What the editor inserted between the cursor and the end of the region (auto-closed closers, their lines). */
  pending: string;
}

/**
 * What is left, when the text before the cursor is what the typist meant to write so far (the lines above the
 * cursor are the goal's, and so is the cursor's line up to the cursor); undefined while the line's indentation is
 * not (yet) the goal's.
 */
export function remaining(editor: EditorBuffer, target: TypingTarget): Remaining | undefined {
  const { line, character } = editor.cursor;
  const goalLine = target.goal[line] ?? '';
  if (line > target.endLine || editor.lineAt(line).slice(0, character) !== goalLine.slice(0, character)) return undefined;
  const rest = [goalLine.slice(character), ...target.goal.slice(line + 1, target.endLine + 1)].join('\n');
  const regionEnd = editor.lineCount - (target.goal.length - target.endLine);
  const pending = regionEnd < line ? '' : editor.textBetween(editor.cursor, { line: regionEnd, character: editor.lineAt(regionEnd).length });
  return { rest, pending };
}

/** The typist's next action, or undefined when the region reads as the goal. */
export function nextAction(editor: EditorBuffer, target: TypingTarget): TypistAction | undefined {
  const left = remaining(editor, target);
  if (!left) return fixLine(editor, target);
  const { rest, pending } = left;
  if (rest === '') return pending === '' ? undefined : { kind: 'deleteRight', chars: pending.length };
  const next = rest[0]!;
  if (pending[0] === next) {
    if (next !== '\n' && editor.wouldOvertype(next)) return { kind: 'key', text: next };
    // The editor already has what comes next: move past it, unless it is only the line break before a closing line
    // the code does not close yet (then Enter opens a line above that one).
    const same = commonPrefix(pending, rest);
    if (next !== '\n' || same.slice(1).trim() !== '') return { kind: 'move', chars: same.length };
  }
  return next === '\n' ? { kind: 'enter' } : { kind: 'key', text: next };
}

/** The cursor's line differs from the goal before the cursor: only its indentation can, and that gets fixed. */
function fixLine(editor: EditorBuffer, target: TypingTarget): TypistAction {
  const { line, character } = editor.cursor;
  const text = editor.lineAt(line);
  const typed = text.slice(0, character);
  const goalLine = target.goal[line] ?? '';
  const goalIndent = /^[ \t]*/.exec(goalLine)![0];
  const closers = Object.values(editor.rules.brackets);
  if (typed.trim() !== '') {
    // The editor outdented a closer typed at the start of the line further than the code has it: go back before
    // the closer, put the indentation right, and move over it again.
    const closer = typed.trimStart();
    if (closer.length === 1 && closers.includes(closer) && goalLine.slice(goalIndent.length, goalIndent.length + 1) === closer) return { kind: 'move', chars: -1 };
    throw new Error(`the typist lost its place at line ${line + 1}: ${JSON.stringify(typed)} is not ${JSON.stringify(goalLine.slice(0, character))}`);
  }
  if (goalLine === '' && line < target.endLine && text.trim() === '') return { kind: 'enter' };
  const first = goalLine[goalIndent.length];
  if (first !== undefined && closers.includes(first)) {
    // A closer typed at the start of a line is outdented by the editor: type it if that gives the goal's indentation.
    const trial = editor.clone();
    trial.typeChar(first);
    if (trial.lineAt(line).slice(0, trial.cursor.character) === goalLine.slice(0, goalIndent.length + 1)) return { kind: 'key', text: first };
  }
  return { kind: 'backspace' };
}

function commonPrefix(a: string, b: string): string {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return a.slice(0, length);
}

/** Applies a typist action to the editor. */
export function applyAction(editor: EditorBuffer, action: TypistAction): void {
  switch (action.kind) {
    case 'key':
      editor.typeChar(action.text);
      break;
    case 'enter':
      editor.enter();
      break;
    case 'backspace':
      editor.backspace();
      break;
    case 'move':
      editor.moveBy(action.chars);
      break;
    case 'deleteRight':
      editor.deleteRight(action.chars);
      break;
  }
}
