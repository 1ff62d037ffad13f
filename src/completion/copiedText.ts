// Which clipboard text may enter the extra-context ring: only text the user selected in an editor (and so could
// copy or cut there) from a file that is not excluded. The system clipboard also holds what was copied elsewhere,
// a password from a password manager or a token from a browser, and none of that may ever reach a prompt; comparing
// the clipboard with the recent editor selections is what tells the two apart, since VS Code has no copy event.
import type { ExclusionMatcher } from './exclusion';

export interface CopiedText {
  /** The file it was copied from (workspace-relative): the ring's exclusion check applies to it. */
  filePath: string;
  text: string;
}

export interface CopiedTextOptions {
  isExcluded: ExclusionMatcher;
  /** Selections remembered (newest kept). */
  maxSelections?: number;
  /** Longer selections are not remembered: the ring takes only a chunk anyway. */
  maxChars?: number;
}

export const MAX_COPIED_CHARS = 8_000;

/** Line endings do not matter for "is this what was selected": the clipboard may have converted them. */
function sameText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export class CopiedTextTracker {
  private readonly selections: CopiedText[] = [];
  private readonly maxSelections: number;
  private readonly maxChars: number;

  constructor(private readonly options: CopiedTextOptions) {
    this.maxSelections = options.maxSelections ?? 8;
    this.maxChars = options.maxChars ?? MAX_COPIED_CHARS;
  }

  /** Whether any selection is remembered (no need to read the clipboard otherwise). */
  get empty(): boolean {
    return this.selections.length === 0;
  }

  /**
   * The selections of one editor (several with multiple cursors): each one, and all of them joined as VS Code copies
   * them, become what a copy there would put on the clipboard. Excluded files are not remembered at all.
   */
  noteSelections(filePath: string, texts: readonly string[]): void {
    const nonEmpty = texts.filter((text) => text.trim() !== '');
    if (nonEmpty.length === 0 || this.options.isExcluded(filePath)) return;
    const candidates = nonEmpty.length > 1 ? [...nonEmpty, nonEmpty.join('\n')] : nonEmpty;
    for (const text of candidates) {
      if (text.length > this.maxChars) continue;
      const normalised = sameText(text);
      const existing = this.selections.findIndex((old) => old.text === normalised);
      if (existing >= 0) this.selections.splice(existing, 1);
      this.selections.push({ filePath, text: normalised });
      if (this.selections.length > this.maxSelections) this.selections.shift();
    }
  }

  /**
   * What the clipboard holds, when it is exactly a remembered selection of a file that is still not excluded;
   * undefined for anything else (text copied outside the editor, or from a file excluded since).
   */
  copiedFrom(clipboard: string): CopiedText | undefined {
    if (!clipboard || clipboard.length > this.maxChars) return undefined;
    const normalised = sameText(clipboard);
    for (let index = this.selections.length - 1; index >= 0; index--) {
      const selection = this.selections[index]!;
      if (selection.text === normalised && !this.options.isExcluded(selection.filePath)) return selection;
    }
    return undefined;
  }

  clear(): void {
    this.selections.length = 0;
  }
}
