// "Where is this symbol defined", asked of VS Code's language servers (definition, then type definition), for
// gatherDefinitions. Only files inside a workspace folder count: their paths are what the prompt shows the model.
import * as vscode from 'vscode';
import type { DefinitionLocation, DefinitionLookup } from '../completion/gatherDefinitions';
import { documentLines } from './InlineCompletionProvider';

type Answer = (vscode.Location | vscode.LocationLink)[] | undefined;

export function languageServerLookup(document: vscode.TextDocument): DefinitionLookup {
  return {
    async find(identifier) {
      const position = new vscode.Position(identifier.line, identifier.character);
      const [definitions, types] = await Promise.all(
        ['vscode.executeDefinitionProvider', 'vscode.executeTypeDefinitionProvider'].map((command) =>
          Promise.resolve(vscode.commands.executeCommand<Answer>(command, document.uri, position)).then(
            (answer) => answer ?? [],
            () => [],
          ),
        ),
      );
      const seen = new Set<string>();
      const locations: DefinitionLocation[] = [];
      for (const answer of [...definitions!, ...types!]) {
        const uri = 'targetUri' in answer ? answer.targetUri : answer.uri;
        // The whole declaration (a LocationLink's targetRange), not only its name.
        const range = 'targetUri' in answer ? answer.targetRange : answer.range;
        if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) continue;
        const key = `${uri.toString()}:${range.start.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        locations.push({
          filePath: vscode.workspace.asRelativePath(uri, false),
          startLine: range.start.line,
          read: async () => documentLines(await vscode.workspace.openTextDocument(uri)),
        });
      }
      return locations;
    },
  };
}
