// Where Pipit's models live: downloads under the extension's global storage (models/), and the local GGUF files
// the user picked before, remembered in globalState (this machine only, never synced).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ModelFile } from '../../catalog/types';

const KNOWN_KEY = 'pipit.knownModels';
const MAX_KNOWN = 20;

export class ModelLibrary {
  constructor(
    private readonly state: vscode.Memento,
    private readonly storage: vscode.Uri,
  ) {}

  get modelsDir(): string {
    return vscode.Uri.joinPath(this.storage, 'models').fsPath;
  }

  pathOf(file: ModelFile): string {
    return vscode.Uri.joinPath(this.storage, 'models', file.fileName).fsPath;
  }

  isDownloaded(file: ModelFile): boolean {
    return existsSync(this.pathOf(file));
  }

  /** Local GGUF files chosen before, most recent first. */
  known(): string[] {
    const value = this.state.get<unknown>(KNOWN_KEY);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  async remember(path: string): Promise<void> {
    await this.state.update(KNOWN_KEY, [path, ...this.known().filter((known) => known !== path)].slice(0, MAX_KNOWN));
  }

  async forget(path: string): Promise<void> {
    await this.state.update(KNOWN_KEY, this.known().filter((known) => known !== path));
  }
}
