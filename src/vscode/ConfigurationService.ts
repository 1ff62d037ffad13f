// The VS Code side of the typed settings: reads `pipit.*`, validates it through the pure `readSettings`, and fires
// one change event filtered by `affectsConfiguration`.
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { KEYS, MACHINE_ONLY, SECTION, readSettings, type Settings } from '../config/settings';

const MACHINE_KEYS = new Set<string>(MACHINE_ONLY.map((name) => KEYS[name]));

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
  }

  get settings(): Settings {
    return this.current;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { settings, problems } = readSettings((key) => {
      if (!MACHINE_KEYS.has(key)) return config.get(key);
      // What runs and where code goes is decided on this machine only: a repository's workspace settings could
      // otherwise point Pipit at a binary or model of its choosing. VS Code ignores machine-scoped values in
      // workspace settings already; reading only the user's value keeps that true whatever the host does.
      const inspected = config.inspect(key);
      return inspected?.globalValue;
    });
    for (const problem of problems) this.log.warn(problem);
    return settings;
  }
}
