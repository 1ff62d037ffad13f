// The editor's document symbols as plain data, and the choice of the function and containers around a range.
import type { Block } from './enclosingBlocks';
import type { LineRange } from './types';

/** A document symbol reduced to what the explain feature needs; `kind` is VS Code's SymbolKind name, lower case. */
export interface SymbolNode {
  name: string;
  kind: string;
  range: LineRange;
  /** Line of the symbol's name: its signature line, below any decorators. */
  nameLine: number;
  children: SymbolNode[];
}

const FUNCTION_KINDS = new Set(['function', 'method', 'constructor']);
const CLASS_KINDS = new Set(['class', 'interface', 'struct', 'enum', 'namespace', 'module', 'object']);

const contains = (outer: LineRange, inner: LineRange): boolean =>
  outer.startLine <= inner.startLine && inner.endLine <= outer.endLine;

/** Symbols containing `range`, outermost first, as blocks whose header is their signature line. */
export function blocksFromSymbols(symbols: readonly SymbolNode[], range: LineRange, lines: readonly string[]): Block[] {
  const chain: Block[] = [];
  let level = symbols;
  for (;;) {
    const inner = level
      .filter((symbol) => contains(symbol.range, range))
      .sort((a, b) => (a.range.endLine - a.range.startLine) - (b.range.endLine - b.range.startLine))[0];
    if (!inner) return chain;
    const kind = FUNCTION_KINDS.has(inner.kind) ? 'function' : CLASS_KINDS.has(inner.kind) ? 'class' : 'other';
    const header = (lines[inner.nameLine] ?? inner.name).trim().replace(/\s*\{\s*$/, '').replace(/\s+/g, ' ');
    chain.push({ startLine: inner.range.startLine, endLine: inner.range.endLine, kind, header, name: inner.name });
    level = inner.children;
  }
}
