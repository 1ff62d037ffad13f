// Which documents Pipit completes, by URI scheme. `vscode-remote` is there because Pipit prefers to run on the user's
// own machine (extensionKind ["ui", "workspace"]): under Remote-SSH, WSL or a dev container the documents are then
// `vscode-remote://…` while the model runs locally. Nothing on the completion path reads a document from disk (the
// editor hands over its text), so a document's scheme only decides whether it is one the user edits: output panes,
// diff sides and other virtual documents are not.

export const COMPLETION_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote'];

export function completesScheme(scheme: string): boolean {
  return COMPLETION_SCHEMES.includes(scheme);
}
