// Editor states written as text with a ║ cursor, for the bench's editor model and typist tests.
import { EditorBuffer } from '../../bench/EditorBuffer';

export const CURSOR = '║';

export function splitCursor(source: string): { text: string; line: number; character: number } {
  const at = source.indexOf(CURSOR);
  if (at < 0 || source.indexOf(CURSOR, at + 1) >= 0) throw new Error('one cursor mark wanted');
  const before = source.slice(0, at);
  return { text: before + source.slice(at + CURSOR.length), line: before.split('\n').length - 1, character: at - before.lastIndexOf('\n') - 1 };
}

export function editorAt(source: string, languageId: string, indentUnit?: string): EditorBuffer {
  const { text, line, character } = splitCursor(source);
  const editor = new EditorBuffer(text, languageId, indentUnit);
  editor.cursor = { line, character };
  return editor;
}

/** The editor's text with ║ at the cursor. */
export function withCursor(editor: EditorBuffer): string {
  const lines = editor.text.split('\n');
  const { line, character } = editor.cursor;
  lines[line] = lines[line]!.slice(0, character) + CURSOR + lines[line]!.slice(character);
  return lines.join('\n');
}

/** Presses `keys`: ⌫ is Backspace, \n is Enter, anything else is typed. */
export function press(editor: EditorBuffer, keys: string): void {
  for (const key of keys) {
    if (key === '⌫') editor.backspace();
    else if (key === '\n') editor.enter();
    else editor.typeChar(key);
  }
}
