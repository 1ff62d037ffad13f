// Several documents read as one: a notebook's code cells in order, with a blank line between two, so the model sees
// the cells above the cursor's cell as code before it and the cells below as code after it. Lines are read lazily,
// like a single document's: a keystroke never copies the cells.
import type { TextLines } from './types';

export interface JoinedLines {
  lines: TextLines;
  /** The joined line where part `index` begins. */
  startOf(index: number): number;
}

export function joinLines(parts: readonly TextLines[]): JoinedLines {
  // One blank line between two parts.
  const starts: number[] = [];
  let next = 0;
  for (const part of parts) {
    starts.push(next);
    next += part.lineCount + 1;
  }
  const lineCount = Math.max(0, next - 1);
  const partAt = (line: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  return {
    lines: {
      lineCount,
      lineAt: (line) => {
        const index = partAt(line);
        const within = line - starts[index]!;
        return within < parts[index]!.lineCount ? parts[index]!.lineAt(within) : '';
      },
      get length() {
        // Each blank line between two parts adds two line breaks.
        let total = 2 * Math.max(0, parts.length - 1);
        for (const part of parts) {
          if (part.length === undefined) return undefined;
          total += part.length;
        }
        return total;
      },
    },
    startOf: (index) => starts[index] ?? 0,
  };
}
