// The VS Code side of external engines: reads their settings (user values only), the API keys from SecretStorage,
// asks before any code goes to an endpoint off this machine (once per scheme, host and port), builds the clients and
// the router, and rebuilds them when the settings change. Pure logic lives in src/external and src/routing.
import * as vscode from 'vscode';
import { coalesce } from '../../common/coalesce';
import { Disposable } from '../../common/lifecycle';
import type { EngineSettings } from '../../external/engineSettings';
import { LlamaServerClient } from '../../external/LlamaServerClient';
import { OllamaClient } from '../../external/OllamaClient';
import { OpenAiCompatibleClient } from '../../external/OpenAiCompatibleClient';
import { CONSENT_ALLOW, consentQuestion, keyTransportProblem, leavingView, pendingConsents, type LeavingView } from '../../external/privacyGuard';
import { redact } from '../../external/redact';
import type { EngineKind, PipitEngine } from '../../external/types';
import { EngineRouter } from '../../routing/EngineRouter';
import type { RouteDecision } from '../../routing/types';
import type { ConfigurationService } from '../ConfigurationService';

export type ExternalKind = Exclude<EngineKind, 'builtin'>;

/** SecretStorage keys; keys are never written to settings or logs. */
export const API_KEY_SECRET: Readonly<Record<'llamaServer' | 'openai', string>> = {
  llamaServer: 'pipit.engines.llamaServer.apiKey',
  openai: 'pipit.engines.openai.apiKey',
};
/** Origins (scheme, host, port) the user agreed to send code to. Replaces the per-host list, which is not read. */
const CONFIRMED_ORIGINS = 'pipit.engines.confirmedOrigins';

export interface EngineHubDeps {
  /** The one settings reader: engine settings and their changes come from it. */
  config: Pick<ConfigurationService, 'engines' | 'onDidChange'>;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  log: vscode.LogOutputChannel;
  builtin: PipitEngine;
  /** Called after each routed request: which engine answered and whether code left the machine. */
  onRoute?: (decision: RouteDecision, view: LeavingView) => void;
}

export class EngineHub extends Disposable {
  private settings: EngineSettings;
  private clients: Partial<Record<ExternalKind, PipitEngine>> = {};
  private keys: Partial<Record<'llamaServer' | 'openai', string>> = {};
  /** Origins the user declined, while they stay configured: another settings change alone does not ask again. */
  private readonly declined = new Set<string>();
  /** One reload at a time: two quick settings changes must not put two consent dialogs on screen. */
  private readonly reloads = coalesce(() => this.rebuild());
  readonly router: EngineRouter;

  constructor(private readonly deps: EngineHubDeps) {
    super();
    this.settings = deps.config.engines;
    this.router = new EngineRouter({
      builtin: deps.builtin,
      engines: () => this.clients,
      rules: () => this.settings.routing,
      firstTokenBudgetMs: () => this.settings.firstTokenBudgetMs,
      onDecision: (decision) => this.onDecision(decision),
    });
    const changed = () => {
      this.reloads().catch((error: unknown) => this.log('error', `engines not rebuilt: ${error instanceof Error ? error.message : String(error)}`));
    };
    this.register(
      deps.config.onDidChange((change) => {
        if (change.affects('engines') || change.affects('routing')) changed();
      }),
    );
    this.register(
      deps.secrets.onDidChange((event) => {
        if (Object.values(API_KEY_SECRET).includes(event.key)) changed();
      }),
    );
  }

  /**
   * Who answers a completion of this kind now, with its model (`builtin` names the built-in engine's model): part of
   * the cache key, so that an answer of one engine or model is never served for another.
   */
  answering(kind: 'singleLine' | 'multiLine', builtin: string): string {
    const engine = this.router.route(kind).engine;
    const external = engine === 'builtin' ? undefined : this.clients[engine as ExternalKind];
    if (!external) return `builtin ${builtin}`;
    const model = engine === 'ollama' ? this.settings.ollama.model : engine === 'openai' ? this.settings.openai.model : '';
    return `${engine} ${external.describe().endpoint ?? ''} ${model} ${external.describe().completionRoute}`;
  }

  get engineSettings(): EngineSettings {
    return this.settings;
  }

  /** Every engine Pipit could use now: built-in first, then the configured (and consented) external ones. */
  engines(): PipitEngine[] {
    return [this.deps.builtin, ...Object.values(this.clients)];
  }

  /**
   * Reads settings and keys, asks for consent where needed (again for hosts declined before: the user asked for
   * this), and rebuilds the clients. Runs after any reload in progress, never beside it.
   */
  reload(): Promise<void> {
    this.declined.clear();
    return this.reloads();
  }

  private async rebuild(): Promise<void> {
    this.settings = this.deps.config.engines;
    this.keys = {
      llamaServer: (await this.deps.secrets.get(API_KEY_SECRET.llamaServer)) ?? '',
      openai: (await this.deps.secrets.get(API_KEY_SECRET.openai)) ?? '',
    };
    const confirmed = new Set(this.deps.globalState.get<string[]>(CONFIRMED_ORIGINS, []));
    const endpoints = { llamaServer: this.settings.llamaServer.endpoint, ollama: this.settings.ollama.endpoint, openai: this.settings.openai.endpoint };
    const pending = pendingConsents(endpoints, confirmed);
    // A declined host is asked about again once its endpoint was changed to another one.
    for (const origin of this.declined) if (!pending.some((need) => need.origin === origin)) this.declined.delete(origin);
    for (const need of pending.filter((need) => !this.declined.has(need.origin))) {
      const answer = await vscode.window.showWarningMessage(consentQuestion(need), { modal: true }, CONSENT_ALLOW);
      if (answer === CONSENT_ALLOW) {
        confirmed.add(need.origin);
        await this.deps.globalState.update(CONFIRMED_ORIGINS, [...confirmed]);
        this.log('info', `The user allowed code to be sent to ${need.origin}.`);
      } else {
        this.declined.add(need.origin);
        this.log('warn', `Code is not sent to ${need.origin}: the user did not allow it. Requests routed there use the built-in engine.`);
      }
    }
    this.clients = this.build(confirmed);
    this.router.resetFailures();
  }

  private build(confirmed: ReadonlySet<string>): Partial<Record<ExternalKind, PipitEngine>> {
    const s = this.settings;
    const clients: Partial<Record<ExternalKind, PipitEngine>> = {};
    const allowed = (endpoint: string) => pendingConsents({ llamaServer: endpoint }, confirmed).length === 0;
    const attempt = (kind: ExternalKind, endpoint: string, make: () => PipitEngine) => {
      if (!endpoint || !allowed(endpoint)) return;
      try {
        clients[kind] = make();
      } catch (error) {
        this.log('warn', `${kind} engine not set up: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const key = (name: 'llamaServer' | 'openai') => (this.keys[name] ? { apiKey: this.keys[name] } : {});
    // A key never travels in clear text to another machine: such an engine is not set up, and the user is told why.
    const keySafe = (name: 'llamaServer' | 'openai', endpoint: string): boolean => {
      const problem = this.keys[name] && endpoint ? keyTransportProblem(endpoint, name === 'openai' ? 'the OpenAI-compatible engine' : 'llama-server') : undefined;
      if (!problem) return true;
      this.log('warn', problem);
      void vscode.window.showWarningMessage(problem);
      return false;
    };
    if (keySafe('llamaServer', s.llamaServer.endpoint)) {
      attempt('llamaServer', s.llamaServer.endpoint, () => new LlamaServerClient({ endpoint: s.llamaServer.endpoint, ...key('llamaServer') }));
    }
    attempt('ollama', s.ollama.endpoint, () =>
      new OllamaClient({ endpoint: s.ollama.endpoint, model: s.ollama.model, keepAlive: s.ollama.keepAlive, ...(s.ollama.fimFormat ? { fimFormat: s.ollama.fimFormat } : {}) }),
    );
    if (keySafe('openai', s.openai.endpoint)) {
      attempt('openai', s.openai.endpoint, () =>
        new OpenAiCompatibleClient({ endpoint: s.openai.endpoint, model: s.openai.model, fimFormat: s.openai.fimFormat, ...key('openai') }),
      );
    }
    return clients;
  }

  private onDecision(decision: RouteDecision): void {
    const endpoint = decision.answeredBy === 'builtin' ? undefined : this.clients[decision.answeredBy]?.describe().endpoint;
    if (decision.fallback?.error) this.log('warn', `${decision.kind}: ${decision.wanted} not used (${decision.fallback.reason}): ${decision.fallback.error}`);
    this.deps.onRoute?.(decision, leavingView(decision.answeredBy, endpoint));
  }

  /** Every line goes through redaction with the current keys. */
  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.log[level](redact(message, Object.values(this.keys)));
  }
}
