// The VS Code side of the typed settings: reads `pipit.*` through the pure `readUserSettings` (validation, and
// machine-only settings from the user's own value), and fires one change event filtered by `affectsConfiguration`.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { withWorkspaceRelativePatterns } from '../completion/exclusion';
import { SECTION, readUserSettings, type Settings } from '../config/settings';

export class ConfigurationService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.changed.event;
  private current: Settings;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.current = this.read();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        this.current = this.read();
        this.changed.fire(this.current);
      }),
    );
    // Absolute `pipit.exclude` globs are also applied relative to each folder: a new folder needs them too.
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.current = this.read();
        this.changed.fire(this.current);
      }),
    );
  }

  get settings(): Settings {
    return this.current;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { settings, problems } = readUserSettings(
      (key) => config.get(key),
      (key) => config.inspect(key),
    );
    for (const problem of problems) this.log.warn(problem);
    // Prompts name files by their workspace-relative path: an absolute glob inside a folder must match that too.
    const roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    return { ...settings, exclude: withWorkspaceRelativePatterns(settings.exclude, roots) };
  }
}
