// The replayed editor: a document as lines and a cursor, changed by keystrokes the way VS Code changes it with its
// default settings (autoClosingBrackets/Quotes `languageDefined`, autoClosingOvertype and autoClosingDelete `auto`,
// autoIndent `full`, useTabStops, trimAutoWhitespace), so that the requests the bench makes see the same text a
// real editor would show the provider. Each request gets a snapshot (a copy of the line array), so a later keystroke
// never changes the text a running request reads.
//
// Modelled: auto-closing of brackets and quotes (autoCloseBefore, not after a word character, the pairs' notIn),
// typing over a closer the editor inserted, deleting an auto-closed pair with Backspace, Enter's indentation (keep,
// one more after an opening bracket or Python's `:`, a closer between brackets on its own line), outdenting a closer
// typed at the start of a line, Backspace in indentation to the previous tab stop. Not modelled: comment
// continuation, JSDoc pairs (`/**`), onEnter rules beyond these, surrounding a selection.
import type { Position, Range, TextLines } from '../../src/completion/types';
import { detectIndentUnit, visibleColumn } from './indentation';
import { isWordCharacter, languageRules, lineScopes, type LanguageRules } from './languageRules';

interface AutoClosed {
  /** The opening character the user typed, and the closing one the editor inserted after it. */
  open: Position;
  close: Position;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

export class EditorBuffer {
  private lines: string[];
  cursor: Position = { line: 0, character: 0 };
  version = 1;
  readonly rules: LanguageRules;
  /** One level of indentation: spaces or a tab, detected from the file as VS Code's `editor.detectIndentation` does. */
  readonly indentUnit: string;
  /** Closers the editor inserted and still tracks (VS Code's auto-closed characters): only these are typed over. */
  private autoClosed: AutoClosed[] = [];

  constructor(text: string, languageId = 'plaintext', indentUnit?: string) {
    this.lines = text.split(/\r?\n/);
    this.rules = languageRules(languageId);
    this.indentUnit = indentUnit ?? detectIndentUnit(this.lines);
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

  /** A copy with the same text, cursor and tracked closers, to try a keystroke without making it. */
  clone(): EditorBuffer {
    const copy = Object.create(EditorBuffer.prototype) as EditorBuffer;
    Object.assign(copy, this, { lines: this.lines.slice(), cursor: { ...this.cursor }, autoClosed: this.autoClosed.map((pair) => ({ ...pair })) });
    return copy;
  }

  /** Types `text` one keystroke per character (`\n` is Enter). */
  type(text: string): void {
    for (const char of text) {
      if (char === '\n') this.enter();
      else this.typeChar(char);
    }
  }

  /** One typed character, through VS Code's type interceptors: outdent, overtype, auto-close. */
  typeChar(char: string): void {
    const { line, character } = this.cursor;
    const text = this.lineAt(line);
    const closers = Object.values(this.rules.brackets);
    if (closers.includes(char) && text.slice(0, character).trim() === '') {
      // VS Code's onType indentation for a closer at the start of a line: the opener's line's indentation.
      const indent = this.openerIndent(char);
      if (indent !== undefined && indent !== text.slice(0, character)) {
        this.edit({ start: { line, character: 0 }, end: this.cursor }, indent + char);
        return;
      }
    }
    if (this.wouldOvertype(char)) {
      this.edit({ start: this.cursor, end: { line, character: character + 1 } }, char);
      return;
    }
    const close = this.autoClosePair(char);
    if (close !== undefined) {
      const open = { ...this.cursor };
      this.edit({ start: this.cursor, end: this.cursor }, char + close, 1);
      this.autoClosed.push({ open, close: { line, character: character + 1 } });
      this.validate();
      return;
    }
    this.edit({ start: this.cursor, end: this.cursor }, char);
  }

  /** Typing `char` now would move over a closer the editor inserted (autoClosingOvertype `auto`). */
  wouldOvertype(char: string): boolean {
    const { line, character } = this.cursor;
    const text = this.lineAt(line);
    if (text[character] !== char) return false;
    const isQuote = this.rules.quotes.some((rule) => rule.quote === char);
    if (!isQuote && !Object.values(this.rules.brackets).includes(char)) return false;
    // VS Code does not type over a quote right after a backslash: the user is escaping it.
    if (isQuote && text[character - 1] === '\\') return false;
    return this.autoClosed.some((pair) => pair.close.line === line && pair.close.character === character);
  }

  /** The closer VS Code inserts when `char` is typed at the cursor, if any. */
  private autoClosePair(char: string): string | undefined {
    const { line, character } = this.cursor;
    const text = this.lineAt(line);
    const bracketClose = this.rules.brackets[char];
    const quote = this.rules.quotes.find((rule) => rule.quote === char);
    if (bracketClose === undefined && !quote) return undefined;
    const next = text[character];
    if (next !== undefined && !this.rules.autoCloseBefore.includes(next)) return undefined;
    if (bracketClose !== undefined) return bracketClose;
    const previous = text[character - 1];
    const prefixed = previous !== undefined && this.rules.stringPrefixes.includes(previous) && !isWordCharacter(text[character - 2]);
    // A one-character quote pair does not auto-close after a word character (a Python string prefix is a pair of
    // its own, `f"`, with notIn string and comment).
    if (!prefixed && (char === "'" || char === '"') && isWordCharacter(previous)) return undefined;
    const notIn = prefixed ? ['string', 'comment'] : quote!.notIn;
    const scope = character === 0 ? 'code' : lineScopes(text.slice(0, character), this.rules)[character - 1]!;
    return notIn.includes(scope) ? undefined : char;
  }

  /** The indentation of the line holding the bracket that `closer` would close, searched back from the cursor. */
  private openerIndent(closer: string): string | undefined {
    const openers = new Map(Object.entries(this.rules.brackets).map(([open, close]) => [close, open]));
    const stack: string[] = [closer];
    const stop = Math.max(0, this.cursor.line - 1000);
    for (let line = this.cursor.line - 1; line >= stop; line--) {
      const text = this.lineAt(line);
      const scopes = lineScopes(text, this.rules);
      for (let index = text.length - 1; index >= 0; index--) {
        if (scopes[index] !== 'code') continue;
        const char = text[index]!;
        if (openers.has(char)) stack.push(char);
        else if (this.rules.brackets[char] !== undefined) {
          if (this.rules.brackets[char] !== stack.pop()) return undefined;
          if (stack.length === 0) return /^[ \t]*/.exec(text)![0];
        }
      }
    }
    return undefined;
  }

  /** Enter, with VS Code's indentation (autoIndent `full`, reduced to the bracket and Python rules). */
  enter(): void {
    const { line, character } = this.cursor;
    const text = this.lineAt(line);
    const beforeCursor = text.slice(0, character);
    const afterCursor = text.slice(character).trimStart();
    const indent = /^[ \t]*/.exec(beforeCursor)![0];
    const last = beforeCursor.trimEnd().slice(-1);
    const opens = this.rules.brackets[last] !== undefined;
    const deeper = indent + this.indentUnit;
    // Enter removes the whitespace right of the cursor; on a line of nothing but indentation it removes that too
    // (trimAutoWhitespace), and the new line keeps the indentation.
    const start = { line, character: beforeCursor.trim() === '' && afterCursor === '' ? 0 : character };
    const end = { line, character: text.length };
    if (opens && afterCursor.startsWith(this.rules.brackets[last]!)) {
      // Between an opener and its closer: the closer goes to a line of its own at the outer indentation.
      this.edit({ start, end }, `\n${deeper}\n${indent}${afterCursor}`, 1 + deeper.length);
    } else if (opens || (this.rules.colonIndents && last === ':')) {
      this.edit({ start, end }, `\n${deeper}${afterCursor}`, 1 + deeper.length);
    } else {
      this.edit({ start, end }, `\n${indent}${afterCursor}`, 1 + indent.length);
    }
  }

  backspace(): void {
    const { line, character } = this.cursor;
    if (character === 0) {
      if (line > 0) this.edit({ start: { line: line - 1, character: this.lineAt(line - 1).length }, end: this.cursor }, '');
      return;
    }
    const text = this.lineAt(line);
    const previous = text[character - 1]!;
    const pairClose = this.rules.brackets[previous] ?? (this.rules.quotes.some((rule) => rule.quote === previous) ? previous : undefined);
    if (pairClose !== undefined && text[character] === pairClose && this.autoClosed.some((pair) => pair.close.line === line && pair.close.character === character)) {
      // autoClosingDelete `auto`: the closer the editor inserted goes with its opener.
      this.edit({ start: { line, character: character - 1 }, end: { line, character: character + 1 } }, '');
      return;
    }
    let from = character - 1;
    if (previous === ' ' && text.slice(0, character).trim() === '') {
      // useTabStops: Backspace in the indentation deletes back to the previous tab stop.
      const width = this.indentUnit === '\t' ? 4 : this.indentUnit.length;
      const stop = Math.floor((visibleColumn(text, character) - 1) / width) * width;
      while (from > 0 && text[from - 1] === ' ' && visibleColumn(text, from) > stop) from--;
    }
    this.edit({ start: { line, character: from }, end: this.cursor }, '');
  }

  /** Deletes `count` characters right of the cursor (a line break counts one), as one edit. */
  deleteRight(count: number): void {
    this.edit({ start: this.cursor, end: this.offsetFromCursor(count) }, '', 0);
  }

  /** Moves the cursor over `count` characters, right or (negative) left; a line break counts one. No edit. */
  moveBy(count: number): void {
    this.cursor = this.offsetFromCursor(count);
    this.validate();
  }

  /** The text from `start` to `end`, with `\n` between lines. */
  textBetween(start: Position, end: Position): string {
    if (start.line === end.line) return this.lineAt(start.line).slice(start.character, end.character);
    return [this.lineAt(start.line).slice(start.character), ...this.lines.slice(start.line + 1, end.line), this.lineAt(end.line).slice(0, end.character)].join('\n');
  }

  /** Replaces `range` (start and end may be on different lines) and puts the cursor after the new text. */
  replace(range: Range, text: string): void {
    this.edit(range, text);
  }

  /** Removes the text from `start` to the end of line `start.line + extraLines` and puts the cursor at `start`. */
  cut(start: Position, extraLines: number): string {
    const endLine = Math.min(this.lines.length - 1, start.line + extraLines);
    const end = { line: endLine, character: this.lineAt(endLine).length };
    const removed = this.textBetween(start, end);
    this.edit({ start, end }, '');
    return removed;
  }

  /** The line holding exactly `text`, searched from the top. */
  findLine(text: string): number {
    return this.lines.indexOf(text);
  }

  /**
   * Replaces `range` with `text` and puts the cursor `cursorOffset` characters into the new text (default: after
   * it). Tracked closers move with the text, as VS Code's decorations do, and are dropped when the edit touches them.
   */
  private edit(range: Range, text: string, cursorOffset = text.length): void {
    const head = this.lineAt(range.start.line).slice(0, range.start.character);
    const tail = this.lineAt(range.end.line).slice(range.end.character);
    const inserted = text.split('\n');
    this.lines.splice(range.start.line, range.end.line - range.start.line + 1, ...(head + text + tail).split('\n'));
    const moved = (position: Position): Position | undefined => {
      if (before(position, range.start)) return position;
      if (before(position, range.end)) return undefined;
      const lastLine = range.start.line + inserted.length - 1;
      if (position.line !== range.end.line) return { line: position.line + lastLine - range.end.line, character: position.character };
      const base = inserted.length === 1 ? range.start.character : 0;
      return { line: lastLine, character: base + inserted[inserted.length - 1]!.length + position.character - range.end.character };
    };
    this.autoClosed = this.autoClosed.flatMap((pair) => {
      const open = moved(pair.open);
      const close = moved(pair.close);
      return open && close ? [{ open, close }] : [];
    });
    const typed = text.slice(0, cursorOffset).split('\n');
    this.cursor = {
      line: range.start.line + typed.length - 1,
      character: (typed.length === 1 ? range.start.character : 0) + typed[typed.length - 1]!.length,
    };
    this.version++;
    this.validate();
  }

  /** VS Code stops tracking a pair once the cursor leaves it or it spans more than one line. */
  private validate(): void {
    const { line, character } = this.cursor;
    this.autoClosed = this.autoClosed.filter(
      (pair) => pair.open.line === pair.close.line && pair.open.line === line && pair.open.character < character && character <= pair.close.character,
    );
  }

  private offsetFromCursor(count: number): Position {
    let { line, character } = this.cursor;
    for (let step = 0; step < Math.abs(count); step++) {
      if (count > 0 && character < this.lineAt(line).length) character++;
      else if (count > 0 && line < this.lines.length - 1) [line, character] = [line + 1, 0];
      else if (count < 0 && character > 0) character--;
      else if (count < 0 && line > 0) [line, character] = [line - 1, this.lineAt(line - 1).length];
    }
    return { line, character };
  }
}
