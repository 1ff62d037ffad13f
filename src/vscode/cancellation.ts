// The one place where VS Code's CancellationToken becomes an AbortSignal; everything below it takes AbortSignal.
import type * as vscode from 'vscode';
import type { IDisposable } from '../common/lifecycle';

export interface AbortScope extends IDisposable {
  readonly signal: AbortSignal;
}

export function abortScopeFor(token: vscode.CancellationToken): AbortScope {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return {
    signal: controller.signal,
    dispose: () => listener.dispose(),
  };
}
