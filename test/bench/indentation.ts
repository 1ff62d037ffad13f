// Indentation as VS Code's editor sees it: the unit a file uses, and where a character shows with tabs expanded.

/** The column where `character` shows, tabs expanded to 4. */
export function visibleColumn(text: string, character: number): number {
  let column = 0;
  for (let index = 0; index < character; index++) column = text[index] === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

/**
 * One indentation level of a file, as VS Code's `detectIndentation` guesses it: tabs if more lines start with a tab
 * than with spaces, else the most frequent increase in leading spaces between consecutive lines (2, 4 or 8; 4 if
 * the file shows none).
 */
export function detectIndentUnit(lines: string[]): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (line.startsWith('\t')) tabs++;
    else if (line.startsWith(' ')) spaces++;
    const indent = /^ */.exec(line)![0].length;
    const step = indent - previous;
    if (step === 2 || step === 4 || step === 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = indent;
  }
  if (tabs > spaces) return '\t';
  let best = 4;
  let count = 0;
  for (const [step, seen] of steps) if (seen > count || (seen === count && step < best)) [best, count] = [step, seen];
  return ' '.repeat(best);
}
