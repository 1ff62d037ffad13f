// Entry point: builds the object graph once and hands every disposable to VS Code. Nothing heavy happens here:
// the engine process starts and the model loads on the first suggestion or on `Pipit: Load Model Now`.
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { pushRecent } from './common/recent';
import { CompletionPipeline } from './completion/CompletionPipeline';
import { COMPLETION_SCHEMES } from './completion/documentSchemes';
import { exclusionChecks, settingsExclusion } from './completion/exclusion';
import { ExtraContextRing } from './completion/ExtraContextRing';
import { estimateTokens } from './completion/tokens';
import type { RequestRecord, SettingsScope } from './completion/types';
import { EngineClient } from './engine/EngineClient';
import { ModelFileWatch } from './engine/client/ModelFileWatch';
import { forkEngineProcess, lowerProcessPriority } from './engine/spawnEngine';
import type { InfillRequest } from './engine/types';
import type { RouteDecision } from './routing/types';
import { adaptSettings } from './stats/adaptSettings';
import { meteredEngine } from './stats/meteredEngine';
import { builtinEngine } from './external/builtinEngine';
import { requestLogLine } from './status/requestLogLine';
import { Snooze } from './status/Snooze';
import { registerCommands } from './vscode/commands';
import { ConfigurationService } from './vscode/ConfigurationService';
import { registerExplainCommand } from './vscode/explain/explainCommand';
import { EngineHub } from './vscode/engines/EngineHub';
import { registerEngineCommands } from './vscode/engines/engineCommands';
import { ExtraContextFeeder } from './vscode/ExtraContextFeeder';
import { ContextRefresher } from './vscode/ContextRefresher';
import { registerShowLastPrompt } from './vscode/showLastPrompt';
import { PromptContext } from './completion/PromptContext';
import { RestingCursor } from './vscode/RestingCursor';
import { InlineCompletionProvider } from './vscode/InlineCompletionProvider';
import { NOTEBOOK_CELL_SCHEME } from './vscode/notebookCells';
import { ModelNotices } from './vscode/modelNotices';
import { FIRST_RUN_KEY, showFirstRunNotice } from './vscode/models/FirstRunNotice';
import { readMachine } from './vscode/models/machine';
import { MeasuredGpuStore } from './vscode/models/measuredGpu';
import { ModelLibrary } from './vscode/models/ModelLibrary';
import { registerModelCommands } from './vscode/models/registerModelCommands';
import { registerStats } from './vscode/stats/registerStats';
import { modelEnvironment, modelRequest, type RunMode } from './config/modelRequest';
import { recordedChatEngine, type ExplanationRecord } from './explain/recordedChat';
import { StatusBar } from './vscode/StatusBar';
import type { PipitApi } from './vscode/pipitApi';

export type { PipitApi } from './vscode/pipitApi';

const RUN_MODES: Record<vscode.ExtensionMode, RunMode> = {
  [vscode.ExtensionMode.Production]: 'production',
  [vscode.ExtensionMode.Development]: 'development',
  [vscode.ExtensionMode.Test]: 'test',
};

/** What deactivate() must finish before the extension host goes: writing the stats back. */
let beforeExit: (() => Thenable<void>) | undefined;

export function activate(context: vscode.ExtensionContext): PipitApi {
  const own = <T extends vscode.Disposable | { dispose(): void }>(item: T): T => {
    context.subscriptions.push(item);
    return item;
  };
  const log = own(vscode.window.createOutputChannel('Pipit', { log: true }));
  const config = own(new ConfigurationService(log));
  const snooze = new Snooze(Date.now);

  // PIPIT_MODEL_PATH and PIPIT_CHAT_MODEL_PATH count only when Pipit runs from source or under its tests: the
  // environment of an installed extension host may come from a repository (`code .` under direnv).
  const modelEnv = modelEnvironment(process.env, RUN_MODES[context.extensionMode] ?? 'production');
  for (const name of modelEnv.ignored) {
    log.warn(`${name} is set in the environment and ignored: an installed Pipit takes its model from your user settings (pipit.modelPath, pipit.chatModelPath).`);
  }
  const modelFor = (settings: typeof config.settings) => modelRequest(settings, modelEnv.env, config.everyFolder());
  const initialModel = modelFor(config.settings);
  const workerPath = context.asAbsolutePath('dist/engineWorker.js');
  const engine = own(
    new EngineClient({
      workerPath,
      logger: log,
      spawn: forkEngineProcess,
      setPriority: lowerProcessPriority,
      options: { ...(initialModel ? { model: initialModel } : {}), idleUnloadMs: config.settings.idleUnloadMinutes * 60_000 },
    }),
  );

  const modelFile = own(new ModelFileWatch((path) => engine.modelFileChanged(path)));
  modelFile.follow(initialModel?.modelPath);

  let adaptNote: string | undefined;
  // Accepting is logged as its own line, after the request that showed the suggestion.
  const stats = registerStats(context, () => adaptNote, () => log.info('request accepted'));
  context.subscriptions.push(...stats.disposables);
  beforeExit = stats.save;
  // Every request reads the settings through the speed adaptation: on a slow machine, shorter suggestions.
  const uris = new Map<string, vscode.Uri>();
  const uriOf = (text: string): vscode.Uri => {
    let uri = uris.get(text);
    if (!uri) {
      uri = vscode.Uri.parse(text);
      if (uris.size > 64) uris.clear();
      uris.set(text, uri);
    }
    return uri;
  };
  const adaptedSettings = (scope: SettingsScope) => {
    const adapted = adaptSettings(config.settingsFor({ uri: uriOf(scope.uri), languageId: scope.languageId }), stats.store.speed());
    adaptNote = adapted.note;
    return adapted.settings;
  };

  const status = own(new StatusBar(snooze, () => config.settings.enable, () => adaptNote));
  const notices = new ModelNotices();
  const gpus = new MeasuredGpuStore(context.globalState);
  const modelName = () => {
    const path = modelFor(config.settings)?.modelPath;
    return path === undefined ? undefined : basename(path);
  };
  own(
    engine.onStatus((engineStatus) => {
      status.onEngineStatus(engineStatus, modelName());
      notices.onEngineStatus(engineStatus);
      if (engineStatus.state === 'ready' && engineStatus.model?.device) void gpus.record(engineStatus.model.device);
    }),
  );
  status.onEngineStatus(engine.status, modelName());
  // Every setting takes effect when it changes: the model (and how it runs) on the next request, the idle unload now;
  // the others are read by each request.
  own(
    config.onDidChange(() => {
      engine.setModel(modelFor(config.settings));
      modelFile.follow(modelFor(config.settings)?.modelPath);
      engine.setIdleUnloadMs(config.settings.idleUnloadMinutes * 60_000);
      status.onEngineStatus(engine.status, modelName());
    }),
  );

  // External engines only when the user configured them (application scope) and agreed to any remote host; the
  // router sends each kind of request to its engine and falls back to the built-in one.
  const routes: RouteDecision[] = [];
  const hub = own(
    new EngineHub({
      config,
      secrets: context.secrets,
      globalState: context.globalState,
      log,
      builtin: builtinEngine(engine, () => modelFor(config.settings)?.modelPath, (path) => access(path).then(() => true, () => false)),
      onRoute: (decision, view) => {
        pushRecent(routes, decision, 50);
        status.onRoute(decision, view);
      },
    }),
  );
  hub.reload().catch((error: unknown) => log.error(`engines: ${error instanceof Error ? error.message : String(error)}`));

  // The ring, copied text, the pipeline and Explain share one exclusion test, so a secret file is kept out of all of
  // them the same way.
  // Chunks of other files are checked against every folder's `pipit.exclude`: a file excluded where it lives stays out.
  const isExcluded = settingsExclusion(() => ({ exclude: [...new Set(config.everyFolder().flatMap((settings) => settings.exclude))] }));
  const engineRequests: InfillRequest[] = [];
  const requests: RequestRecord[] = [];
  const ring = new ExtraContextRing({ isExcluded, estimate: estimateTokens });
  // What the ring and the language servers offer enters the prompt only at pauses (ContextRefresher).
  const promptContext = new PromptContext({ ring, isExcluded, now: Date.now });
  const pipeline = own(
    new CompletionPipeline({
      engine: meteredEngine(
        {
          complete: (request, options) => {
            // A read-ahead (maxTokens 0) only reads a prompt: it is not a request the settings shaped an answer for.
            if (request.maxTokens > 0) pushRecent(engineRequests, request, 20);
            return hub.router.complete(request, options);
          },
        },
        (sample) => stats.store.addSample(sample),
      ),
      settings: adaptedSettings,
      clock: { now: Date.now },
      record: (record) => {
        pushRecent(requests, record, 50);
        log.info(requestLogLine(record));
        status.onRecord(record);
        stats.store.addRecord(record);
      },
      extraContext: promptContext,
      snoozedUntil: () => snooze.snoozedUntil,
      answeringEngine: (mode) => hub.answering(mode === 'single' ? 'singleLine' : 'multiLine', `${modelFor(config.settings)?.modelPath ?? ''} ${modelFile.changes}`),
    }),
  );
  own(new ExtraContextFeeder(ring, () => config.settings.extraContext, isExcluded));
  const provider = new InlineCompletionProvider(pipeline, status);
  // Notebook cells too, but only here: the provider joins a notebook's code cells into one document, which the
  // resting cursor and the context feeder (files only) do not.
  own(vscode.languages.registerInlineCompletionItemProvider([...COMPLETION_SCHEMES, NOTEBOOK_CELL_SCHEME].map((scheme) => ({ scheme })), provider));
  const refresher = own(new ContextRefresher(pipeline, promptContext, { enabled: () => config.settings.extraContext, isExcluded, log: (line) => log.info(line) }));
  own(new RestingCursor(pipeline, (editor) => refresher.gather(editor)));
  context.subscriptions.push(...registerShowLastPrompt(pipeline));

  const explanations: ExplanationRecord[] = [];
  own(
    registerExplainCommand({
      extensionUri: context.extensionUri,
      engine: recordedChatEngine(hub.router, explanations),
      exclusion: (() => {
        const checks = exclusionChecks();
        return (uri: vscode.Uri, path: string) => checks(config.settingsFor({ uri }).exclude)(path);
      })(),
      log,
      maxTokens: () => config.settings.explainMaxTokens,
    }),
  );
  context.subscriptions.push(...registerCommands({ config, log, engine, snooze, status }));
  context.subscriptions.push(...registerEngineCommands(hub, context.secrets, () => engine.status.model?.device));
  const models = {
    library: new ModelLibrary(context.globalState, context.globalStorageUri),
    log,
    machine: () => readMachine(gpus.gpu),
    currentPath: () => modelFor(config.settings)?.modelPath,
    currentChatPath: () => modelFor(config.settings)?.chatModelPath,
    // The same filtered environment: "PIPIT_MODEL_PATH takes precedence" is said only where it does.
    env: modelEnv.env,
  };
  context.subscriptions.push(...registerModelCommands(models));
  const firstRun = { ...models, state: context.globalState, hasModel: () => modelFor(config.settings) !== undefined };
  // The recommendation counts the GPU's memory: where no model ever loaded, llama.cpp measures it first (a second or two).
  const measured = gpus.measured || firstRun.state.get(FIRST_RUN_KEY) || firstRun.hasModel() ? Promise.resolve() : gpus.probe(workerPath, (line) => log.info(line));
  measured.then(() => showFirstRunNotice(firstRun)).then(
    (outcome) => log.info(`first-run notice: ${outcome}`),
    (error: unknown) => log.error(`first-run notice failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
  log.info(`Pipit ${context.extension.packageJSON.version as string} activated; model: ${initialModel?.modelPath ?? 'none set'}`);

  return {
    get engineStatus() {
      return engine.status;
    },
    get counters() {
      return pipeline.counters;
    },
    get enginePid() {
      return engine.pid;
    },
    get routes() {
      return routes;
    },
    get explanations() {
      return explanations;
    },
    get statusBar() {
      return status.shown;
    },
    get modelRequest() {
      return modelFor(config.settings);
    },
    get idleUnloadMs() {
      return engine.idleUnloadMs;
    },
    get requests() {
      return requests;
    },
    get engineRequests() {
      return engineRequests;
    },
    get engines() {
      return hub.engines().map((each) => {
        const described = each.describe();
        return { kind: each.kind, completionRoute: described.completionRoute, ...(described.endpoint ? { endpoint: described.endpoint } : {}) };
      });
    },
  };
}

/**
 * VS Code waits for the promise this returns. Everything else, the engine process included, is disposed through
 * context.subscriptions.
 */
export function deactivate(): Thenable<void> | undefined {
  return beforeExit?.();
}
