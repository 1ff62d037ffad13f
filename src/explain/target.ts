// Chooses what to explain: the selection, else the function around the cursor, else the current line; and gathers
// the context that travels with it (enclosing signatures, imports used).
import { enclosingBlocks, type Block } from './enclosingBlocks';
import { usedImports } from './imports';
import { blocksFromSymbols, type SymbolNode } from './symbols';
import type { ExplainTarget, LineRange, TargetContext } from './types';

export interface Position {
  line: number;
  character: number;
}

export interface DocumentSnapshot {
  filePath: string;
  languageId: string;
  text: string;
  selection: { start: Position; end: Position };
  /** From the editor's symbol provider, when the language has one. */
  symbols?: readonly SymbolNode[];
}

export type TargetChoice =
  | { ok: true; target: ExplainTarget; context: TargetContext; source: 'symbols' | 'heuristic' | 'none' }
  | { ok: false; message: string };

export function chooseTarget(doc: DocumentSnapshot): TargetChoice {
  const lines = doc.text.split(/\r?\n/);
  const { start, end } = doc.selection;
  const base = { filePath: doc.filePath, languageId: doc.languageId };
  const blocksAround = (range: LineRange): { blocks: Block[]; source: 'symbols' | 'heuristic' } => {
    const fromSymbols = doc.symbols?.length ? blocksFromSymbols(doc.symbols, range, lines) : [];
    if (fromSymbols.some((block) => block.kind === 'function')) return { blocks: fromSymbols, source: 'symbols' };
    // Some providers list `const f = () => {}` as a variable: the text may still show a function there.
    const heuristic = enclosingBlocks(doc.text, range.startLine, doc.languageId).filter(
      (block) => block.startLine <= range.startLine && range.endLine <= block.endLine,
    );
    if (heuristic.some((block) => block.kind === 'function') || fromSymbols.length === 0) {
      return { blocks: heuristic, source: 'heuristic' };
    }
    return { blocks: fromSymbols, source: 'symbols' };
  };
  const contextFor = (code: string, blocks: Block[]): TargetContext => ({
    enclosing: blocks.filter((block) => block.kind !== 'other').map((block) => block.header),
    imports: usedImports(doc.text, code),
  });

  const selected = start.line !== end.line || start.character !== end.character;
  if (selected) {
    const code = sliceText(lines, start, end);
    if (code.trim() !== '') {
      // A selection ending at the start of a line does not include that line.
      const endLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
      const range = { startLine: start.line, endLine };
      const { blocks, source } = blocksAround(range);
      return { ok: true, target: { ...base, kind: 'selection', range, code }, context: contextFor(code, blocks), source };
    }
  }

  const cursor = { startLine: start.line, endLine: start.line };
  const { blocks, source } = blocksAround(cursor);
  const fn = [...blocks].reverse().find((block) => block.kind === 'function');
  if (fn) {
    const range = { startLine: fn.startLine, endLine: Math.min(fn.endLine, lines.length - 1) };
    const code = lines.slice(range.startLine, range.endLine + 1).join('\n');
    const outer = blocks.filter((block) => block.startLine < fn.startLine || block.endLine > fn.endLine);
    const target: ExplainTarget = { ...base, kind: 'function', range, code };
    if (fn.name) target.name = fn.name;
    return { ok: true, target, context: contextFor(code, outer), source };
  }

  const code = lines[start.line] ?? '';
  if (code.trim() === '') {
    return { ok: false, message: 'Nothing to explain here: select some code, or put the cursor in a function or on a line of code.' };
  }
  return { ok: true, target: { ...base, kind: 'line', range: cursor, code }, context: contextFor(code, blocks), source: 'none' };
}

function sliceText(lines: string[], start: Position, end: Position): string {
  if (start.line === end.line) return (lines[start.line] ?? '').slice(start.character, end.character);
  const first = (lines[start.line] ?? '').slice(start.character);
  const middle = lines.slice(start.line + 1, end.line);
  const last = (lines[end.line] ?? '').slice(0, end.character);
  return [first, ...middle, last].join('\n');
}

/** What the panel says about the target, so the user knows what was explained and why that. */
export function describeTarget(target: ExplainTarget): string {
  const lines =
    target.range.startLine === target.range.endLine
      ? `line ${target.range.startLine + 1}`
      : `lines ${target.range.startLine + 1}–${target.range.endLine + 1}`;
  switch (target.kind) {
    case 'selection':
      return `the selection in ${target.filePath} (${lines})`;
    case 'function':
      return `${target.name ? `function ${target.name}` : 'the enclosing function'} in ${target.filePath} (${lines}): nothing was selected, so the function around the cursor`;
    case 'line':
      return `${lines} of ${target.filePath}: nothing was selected and the cursor is not in a function, so the current line`;
  }
}
