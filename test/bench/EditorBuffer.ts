// The replayed editor: a document as lines and a cursor, changed by the typist's keystrokes. Each request gets a
// snapshot (a copy of the line array), so a later keystroke never changes the text a running request reads.
import type { Position, Range, TextLines } from '../../src/completion/types';

export class EditorBuffer {
  private lines: string[];
  cursor: Position = { line: 0, character: 0 };
  version = 1;

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
  }

  get text(): string {
    return this.lines.join('\n');
  }

  lineAt(line: number): string {
    return this.lines[line] ?? '';
  }

  get lineCount(): number {
    return this.lines.length;
  }

  snapshot(): TextLines {
    const lines = this.lines.slice();
    let length = lines.length - 1;
    for (const line of lines) length += line.length;
    return { lineCount: lines.length, lineAt: (line) => lines[line] ?? '', length };
  }

  /** Types `text` at the cursor (a `\n` in it is Enter, with the indentation it carries). */
  type(text: string): void {
    this.replace({ start: this.cursor, end: this.cursor }, text);
  }

  backspace(): void {
    const { line, character } = this.cursor;
    if (character > 0) this.replace({ start: { line, character: character - 1 }, end: this.cursor }, '');
    else if (line > 0) this.replace({ start: { line: line - 1, character: this.lineAt(line - 1).length }, end: this.cursor }, '');
  }

  /** Replaces `range` (start and end may be on different lines) and puts the cursor after the new text. */
  replace(range: Range, text: string): void {
    const before = this.lineAt(range.start.line).slice(0, range.start.character);
    const after = this.lineAt(range.end.line).slice(range.end.character);
    const inserted = (before + text + after).split('\n');
    this.lines.splice(range.start.line, range.end.line - range.start.line + 1, ...inserted);
    const last = inserted.length - 1;
    this.cursor = { line: range.start.line + last, character: inserted[last]!.length - after.length };
    this.version++;
  }

  /** Removes the text from `start` to the end of line `start.line + extraLines` and puts the cursor at `start`. */
  cut(start: Position, extraLines: number): string {
    const endLine = Math.min(this.lines.length - 1, start.line + extraLines);
    const end = { line: endLine, character: this.lineAt(endLine).length };
    const removed = [this.lineAt(start.line).slice(start.character), ...this.lines.slice(start.line + 1, endLine + 1)].join('\n');
    this.replace({ start, end }, '');
    return removed;
  }

  /** The line holding exactly `text`, searched from the top. */
  findLine(text: string): number {
    return this.lines.indexOf(text);
  }
}
