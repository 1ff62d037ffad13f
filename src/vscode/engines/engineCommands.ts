// `Pipit: Select Engine`, `Pipit: Check Engines` and `Pipit: Set Engine API Key`: thin commands over the EngineHub.
import * as vscode from 'vscode';
import type { DeviceInfo } from '../../engine/types';
import { healthReport, type HealthEntry } from '../../external/healthReport';
import { deviceWords } from '../../status/deviceWords';
import { ENGINE_KINDS, ENGINE_LABELS, type EngineKind } from '../../external/types';
import { REQUEST_KINDS, type RequestKind } from '../../routing/types';
import { API_KEY_SECRET, type EngineHub } from './EngineHub';

const ENGINE_COMMANDS = { select: 'pipit.selectEngine', check: 'pipit.checkEngines', setApiKey: 'pipit.setEngineApiKey' } as const;

const ROUTE_SETTING: Record<RequestKind, string> = { singleLine: 'routing.singleLine', multiLine: 'routing.multiLine', explain: 'routing.explain' };
const KIND_LABEL: Record<RequestKind, string> = { singleLine: 'Single-line suggestions', multiLine: 'Multi-line suggestions', explain: 'Explain Selection' };
const ENDPOINT_SETTING: Record<Exclude<EngineKind, 'builtin'>, string> = {
  llamaServer: 'pipit.engines.llamaServer.endpoint',
  ollama: 'pipit.engines.ollama.endpoint',
  openai: 'pipit.engines.openai.endpoint',
};

/** `device`: where the built-in engine's model runs now (undefined until a model is loaded). */
export function registerEngineCommands(hub: EngineHub, secrets: vscode.SecretStorage, device: () => DeviceInfo | undefined = () => undefined): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(ENGINE_COMMANDS.select, () => selectEngine(hub)),
    vscode.commands.registerCommand(ENGINE_COMMANDS.check, () => checkEngines(hub, device())),
    vscode.commands.registerCommand(ENGINE_COMMANDS.setApiKey, () => setApiKey(hub, secrets)),
  ];
}

async function selectEngine(hub: EngineHub): Promise<void> {
  const configured = new Set(hub.engines().map((engine) => engine.kind));
  const items: (vscode.QuickPickItem & { engine: EngineKind })[] = ENGINE_KINDS.map((kind) => {
    const endpoint = hub.engines().find((engine) => engine.kind === kind)?.describe().endpoint;
    const ready = configured.has(kind);
    return {
      label: ENGINE_LABELS[kind],
      engine: kind,
      description: !ready ? 'not set up' : (endpoint ?? 'on this machine'),
      ...(ready ? {} : { detail: `Set ${ENDPOINT_SETTING[kind as Exclude<EngineKind, 'builtin'>]} in your user settings first.` }),
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Pipit: which engine should answer?' });
  if (!picked) return;
  if (!configured.has(picked.engine)) {
    await vscode.commands.executeCommand('workbench.action.openSettings', ENDPOINT_SETTING[picked.engine as Exclude<EngineKind, 'builtin'>]);
    return;
  }
  const kindItems: (vscode.QuickPickItem & { request: RequestKind })[] = REQUEST_KINDS.map((kind) => ({
    label: KIND_LABEL[kind],
    request: kind,
    // Small first: a new external engine is offered for multi-line suggestions, the built-in one keeps the rest.
    picked: hub.engineSettings.routing[kind] === picked.engine || (picked.engine !== 'builtin' && kind === 'multiLine'),
  }));
  const kinds = await vscode.window.showQuickPick(kindItems, { title: `Route to ${picked.label}`, canPickMany: true });
  if (!kinds) return;
  const config = vscode.workspace.getConfiguration('pipit');
  for (const { request } of kinds) await config.update(ROUTE_SETTING[request], picked.engine, vscode.ConfigurationTarget.Global);
  await hub.reload();
}

async function checkEngines(hub: EngineHub, device: DeviceInfo | undefined): Promise<string> {
  const entries: HealthEntry[] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Pipit: checking engines…' },
    () => Promise.all(hub.engines().map(async (engine) => ({ capabilities: engine.describe(), health: await engine.health() }))),
  );
  // The built-in engine's line names the device its model runs on (and why not a GPU, when it is not).
  const builtin = entries.find((entry) => entry.capabilities.kind === 'builtin');
  if (builtin && device) builtin.health = { ...builtin.health, detail: `${builtin.health.detail} ${deviceWords(device)}` };
  const report = healthReport(entries, hub.engineSettings.routing, (kind) => hub.router.route(kind).engine);
  hub.log('info', report);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: report });
  await vscode.window.showTextDocument(document, { preview: true });
  return report;
}

async function setApiKey(hub: EngineHub, secrets: vscode.SecretStorage): Promise<void> {
  const which = await vscode.window.showQuickPick(
    [
      { label: ENGINE_LABELS.openai, name: 'openai' as const },
      { label: ENGINE_LABELS.llamaServer, name: 'llamaServer' as const },
    ],
    { title: 'Pipit: API key for which engine?' },
  );
  if (!which) return;
  const key = await vscode.window.showInputBox({ title: `API key for ${which.label}`, password: true, prompt: 'Stored in VS Code\'s secret storage. Leave empty to remove it.', ignoreFocusOut: true });
  if (key === undefined) return;
  if (key === '') await secrets.delete(API_KEY_SECRET[which.name]);
  else await secrets.store(API_KEY_SECRET[which.name], key.trim());
  await hub.reload();
  void vscode.window.showInformationMessage(`Pipit: the API key for ${which.label} was ${key === '' ? 'removed' : 'saved'}.`);
}
