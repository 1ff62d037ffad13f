// Asks the language's symbol provider for the document's outline and reduces it to plain data. Returns undefined
// when the language has none or it takes too long (a language server still starting): the caller then falls
// back to reading the text.
import * as vscode from 'vscode';
import type { SymbolNode } from '../../explain/symbols';

const SYMBOL_TIMEOUT_MS = 1500;

export async function documentSymbols(uri: vscode.Uri): Promise<SymbolNode[] | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), SYMBOL_TIMEOUT_MS);
  });
  try {
    const symbols = await Promise.race([
      vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      ),
      timeout,
    ]);
    return symbols?.length ? symbols.map(toNode) : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function toNode(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolNode {
  const kind = (vscode.SymbolKind[symbol.kind] ?? 'unknown').toLowerCase();
  if ('children' in symbol) {
    return {
      name: symbol.name,
      kind,
      range: { startLine: symbol.range.start.line, endLine: symbol.range.end.line },
      nameLine: symbol.selectionRange.start.line,
      children: symbol.children.map(toNode),
    };
  }
  const range = symbol.location.range;
  return { name: symbol.name, kind, range: { startLine: range.start.line, endLine: range.end.line }, nameLine: range.start.line, children: [] };
}
