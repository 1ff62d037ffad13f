// Test cases that look like the editor: `║` marks the cursor, `«…»` a selection.
import type { DocumentSnapshot, Position } from '../../../src/explain/target';

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

export function editorCase(source: string, filePath = 'src/cart.ts', languageId = 'typescript'): DocumentSnapshot {
  const cursor = source.indexOf('║');
  if (cursor >= 0) {
    const text = source.replace('║', '');
    const at = positionOf(text, cursor);
    return { filePath, languageId, text, selection: { start: at, end: at } };
  }
  const start = source.indexOf('«');
  const end = source.indexOf('»') - 1;
  if (start < 0 || end < start) throw new Error('mark the cursor with ║ or a selection with «…»');
  const text = source.replace('«', '').replace('»', '');
  return { filePath, languageId, text, selection: { start: positionOf(text, start), end: positionOf(text, end) } };
}
