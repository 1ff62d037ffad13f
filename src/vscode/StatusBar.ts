// The status bar item: engine state, snooze, last latency, and why the last request showed nothing.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { CompletionResponse, RequestRecord } from '../completion/types';
import type { EngineStatus } from '../engine/types';
import type { LeavingView } from '../external/privacyGuard';
import type { RouteDecision } from '../routing/types';
import { deviceWords } from '../status/deviceWords';
import { noSuggestionReason } from '../status/reasons';
import type { Snooze } from '../status/Snooze';
import type { RequestListener } from './InlineCompletionProvider';
import { statusView, type EngineState, type StatusInput } from '../status/statusView';

export const STATUS_MENU_COMMAND = 'pipit.statusMenu';

export class StatusBar extends Disposable implements RequestListener {
  private readonly item = this.register(vscode.window.createStatusBarItem('pipit.status', vscode.StatusBarAlignment.Right, 100));
  private input: StatusInput = { enabled: true, engine: { kind: 'noModel' } };
  private thinking = 0;
  private engineState: EngineState = { kind: 'noModel' };
  private route: { view: LeavingView; fellBack?: string } | undefined;

  constructor(
    private readonly snooze: Snooze,
    private readonly enabled: () => boolean,
    private readonly adaptNote: () => string | undefined = () => undefined,
  ) {
    super();
    this.item.name = 'Pipit';
    this.item.command = STATUS_MENU_COMMAND;
    this.render();
    this.item.show();
    // Snoozes end by themselves: refresh once a minute so the item does not say "snoozed" after the fact.
    const timer = setInterval(() => this.render(), 60_000);
    this.register({ dispose: () => clearInterval(timer) });
  }

  onEngineStatus(status: EngineStatus, modelName: string | undefined): void {
    const model = status.model ? basename(status.model.modelPath) : modelName;
    const state: EngineState =
      status.errorCode && status.state !== 'ready'
        ? { kind: 'error', message: status.message ?? status.errorCode }
        : !model
          ? { kind: 'noModel' }
          : status.state === 'loading' || status.state === 'starting'
            ? { kind: 'loading', model }
            : status.state === 'ready'
              ? { kind: 'ready', model }
              : status.state === 'crashed'
                ? { kind: 'error', message: status.message ?? 'The engine stopped; it restarts on the next request.' }
                : { kind: 'idle', model };
    this.engineState = state;
    const device = status.state === 'ready' && status.model?.device ? deviceWords(status.model.device) : undefined;
    this.input = { ...this.input, prefixOnly: status.model?.mode === 'prefixOnly', device };
    this.render();
  }

  onRequestStarted(): void {
    this.thinking++;
    this.render();
  }

  onResponse(response: CompletionResponse | undefined): void {
    this.thinking = Math.max(0, this.thinking - 1);
    if (!response) return this.render();
    const reason = noSuggestionReason(response);
    this.input = { ...this.input, ...(reason ? { lastSkip: reason } : { lastSkip: undefined }) };
    this.render();
  }

  onRecord(record: RequestRecord): void {
    if (record.outcome === 'shown' || record.outcome === 'cache' || record.outcome === 'typedThrough') {
      this.input = { ...this.input, lastLatencyMs: record.totalMs };
    }
  }

  /** What the item shows now (for the integration tests, through the extension's API). */
  get shown(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '') };
  }

  /** Which engine answered the last request; shown when code left the machine or a fallback happened. */
  onRoute(decision: RouteDecision, view: LeavingView): void {
    this.route = { view, ...(decision.fallback ? { fellBack: `fell back to the built-in engine: ${decision.fallback.reason}` } : {}) };
    this.render();
  }

  render(): void {
    const engine: EngineState =
      this.thinking > 0 && this.engineState.kind === 'ready' ? { kind: 'thinking', model: this.engineState.model } : this.engineState;
    const note = this.adaptNote();
    const view = statusView(
      { ...this.input, engine, enabled: this.enabled(), snoozedUntil: this.snooze.snoozedUntil, ...(note ? { adaptNote: note } : {}) },
      Date.now(),
    );
    const route = this.route;
    this.item.text = view.text + (route?.view.text ?? '');
    const routeLines = route ? [route.view.tooltip, ...(route.fellBack ? [route.fellBack] : [])].join('\n') + '\n' : '';
    this.item.tooltip = `${view.tooltip}\n${routeLines}Click for Pipit's menu.`;
    this.item.backgroundColor =
      view.warning || route?.view.leaves ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}
