// The one reader of `pipit.*`: every setting, completion and engine alike, goes through the pure validators
// (`readUserSettings`, `readEngineSettings`), read where it applies (a document's folder and language, so
// `"[python]": {"pipit.multiline": "never"}` and folder settings of a multi-root workspace count), and one change
// event, filtered by `affectsConfiguration`, tells everyone who holds a setting.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { withWorkspaceRelativePatterns } from '../completion/exclusion';
import { SECTION, readUserSettings, type Settings } from '../config/settings';
import { readEngineSettings, type EngineSettings } from '../external/engineSettings';

/** Where a setting is read: a document (its workspace folder) and its language. */
export interface SettingsScope {
  uri?: vscode.Uri;
  languageId?: string;
}

export interface SettingsChange {
  /** Whether `pipit.<key>` (or a key under it) changed. */
  affects(key: string): boolean;
}

export class ConfigurationService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<SettingsChange>());
  readonly onDidChange = this.changed.event;
  /** Settings per folder and language, read once after each change. */
  private readonly scoped = new Map<string, Settings>();
  private engineSettings: EngineSettings | undefined;
  /** Problems already logged since the last change: a scope read again must not repeat them. */
  private readonly logged = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SECTION)) return;
        this.forget();
        this.changed.fire({ affects: (key) => event.affectsConfiguration(`${SECTION}.${key}`) });
      }),
    );
    // Absolute `pipit.exclude` globs are also applied relative to each folder, and folders have settings of their own.
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.forget();
        this.changed.fire({ affects: () => true });
      }),
    );
  }

  /** The settings with no document: the window's (user and workspace values), and the machine-only ones. */
  get settings(): Settings {
    return this.settingsFor({});
  }

  /** The settings for a document: its folder's values and its language's overrides over the user's. */
  settingsFor(scope: SettingsScope): Settings {
    const folder = scope.uri ? vscode.workspace.getWorkspaceFolder(scope.uri) : undefined;
    const key = `${folder?.uri.toString() ?? ''}\n${scope.languageId ?? ''}`;
    let settings = this.scoped.get(key);
    if (!settings) {
      settings = this.read(folder, scope.languageId);
      this.scoped.set(key, settings);
    }
    return settings;
  }

  /** The window's settings and each workspace folder's: what any document may be read with. */
  everyFolder(): Settings[] {
    return [this.settings, ...(vscode.workspace.workspaceFolders ?? []).map((folder) => this.settingsFor({ uri: folder.uri }))];
  }

  /** External engines and routing (user settings only). */
  get engines(): EngineSettings {
    if (!this.engineSettings) {
      const config = vscode.workspace.getConfiguration(SECTION);
      const { settings, problems } = readEngineSettings((key) => config.inspect(key));
      this.warn(problems);
      this.engineSettings = settings;
    }
    return this.engineSettings;
  }

  private forget(): void {
    this.scoped.clear();
    this.engineSettings = undefined;
    this.logged.clear();
  }

  private read(folder: vscode.WorkspaceFolder | undefined, languageId: string | undefined): Settings {
    const scope: vscode.ConfigurationScope | undefined =
      languageId !== undefined ? { ...(folder ? { uri: folder.uri } : {}), languageId } : folder?.uri;
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const { settings, problems } = readUserSettings(
      (key) => config.get(key),
      (key) => config.inspect(key),
    );
    this.warn(problems);
    // Prompts name files by their workspace-relative path: an absolute glob inside a folder must match that too.
    const roots = (vscode.workspace.workspaceFolders ?? []).map((each) => each.uri.fsPath);
    return { ...settings, exclude: withWorkspaceRelativePatterns(settings.exclude, roots) };
  }

  private warn(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.logged.has(problem)) continue;
      this.logged.add(problem);
      this.log.warn(problem);
    }
  }
}
