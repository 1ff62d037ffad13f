// The benchmark: the same typing sessions replayed through Pipit's pipeline and engine (with `compareSpm`, also
// through a second engine with the old suffix-prefix-middle layout) and, with `peer`, through llama-server in its
// default and its `--spm-infill --cache-reuse 256` configurations, taking turns per session; then again at each
// further generation length.
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS, type Settings } from '../../src/config/settings';
import { EngineClient } from '../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../src/engine/spawnEngine';
import type { ContextChunk, FimOrder, ModelInfo } from '../../src/engine/types';
import { measureActivation } from './activation';
import { contextReport, type ContextReport } from './contextReport';
import { ensureLlamaServer, startLlamaServer, type RunningServer } from './llamaServer';
import { ratios, summarize, type ColumnInfo, type CompleterRole } from './metrics';
import { PeerCompleter } from './PeerCompleter';
import { PipitCompleter } from './PipitCompleter';
import { replaySession, type ReplayOptions, type SessionResult } from './replaySession';
import { checkTargets, type BenchReport } from './report';
import { sessionFile, type SessionLanguage } from './sourceFiles';
import type { Completer, EngineRequestStat, SessionFile } from './types';
import { typingScript } from './typingScript';

const WORKER_PATH = resolve(__dirname, '..', '..', '..', 'dist', 'engineWorker.js');

export interface BenchOptions {
  modelPath: string;
  modelLabel: string;
  threads: number;
  /**
   * Tokens generated at most per request, by every column (random weights never stop earlier). The first value is
   * the main run; each later one replays the first half of every session again, to measure latency at that length.
   */
  maxTokens: number[];
  contextSize: number;
  seed: number;
  keystrokesPerSession: number;
  languages: SessionLanguage[];
  peer: boolean;
  prefetch: boolean;
  cache: boolean;
  /** Read a resting cursor's place ahead after a jump (the editor glue's RestingCursor). */
  readAhead: boolean;
  /** Extra context changed only at pauses, with definitions simulated from the file's symbols (ContextSimulator). */
  context?: boolean;
  /** The prompt order of Pipit's main column; absent: the engine's default. */
  order?: FimOrder;
  /** A second Pipit column, on its own engine process, with the suffix-prefix-middle layout Pipit used before. */
  compareSpm: boolean;
  replay: ReplayOptions;
  activation: boolean;
  quick: boolean;
  log: (line: string) => void;
}

export const PEER_CONFIGS = [
  { name: 'peer-default', args: [] as string[] },
  { name: 'peer-spm-reuse', args: ['--spm-infill', '--cache-reuse', '256'] },
];

/** Pipit's column names say which prompt layout its engine runs. */
export function pipitColumnName(order: FimOrder): string {
  return order === 'psm' ? 'pipit (anchored psm)' : 'pipit (old spm)';
}

export interface BenchRun {
  report: BenchReport;
  sessions: SessionResult[];
  /** Every engine request of every column, per pass (`<column> @ <maxTokens>`), as the engine reported it. */
  engineRequests: Record<string, EngineRequestStat[]>;
}

interface PipitEngine {
  name: string;
  role: CompleterRole;
  engine: EngineClient;
  info: ModelInfo;
}

/** A column of one pass: what replays the sessions, and what it is in the report. */
interface Column extends ColumnInfo {
  completer: Completer;
}

export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const started = performance.now();
  const { log } = options;
  if (!existsSync(WORKER_PATH)) throw new Error(`${WORKER_PATH} is missing: run \`node esbuild.mjs --tests\` first`);
  if (options.maxTokens.length === 0) throw new Error('maxTokens needs at least one value');
  const files = options.languages.map((language) => sessionFile(language, log));
  const engineLog: string[] = [];
  const engines: PipitEngine[] = [];
  const servers: RunningServer[] = [];
  let peerBuild: BenchReport['peerBuild'] = null;
  try {
    log(`loading ${options.modelLabel} in Pipit's engine`);
    const main = await loadEngine(options, options.order, engineLog);
    engines.push({ name: pipitColumnName(main.info.order), role: 'pipit', ...main });
    if (options.compareSpm) {
      if (main.info.order === 'spm') throw new Error('--compare-spm compares with the spm layout, but the main column already runs spm: pass --order psm');
      log(`loading ${options.modelLabel} in a second engine with the spm layout`);
      engines.push({ name: pipitColumnName('spm'), role: 'pipitCompare', ...(await loadEngine(options, 'spm', engineLog)) });
    }
    if (options.peer) {
      const build = ensureLlamaServer(log);
      peerBuild = { cpuKernels: build.cpuKernels, buildSeconds: build.buildSeconds };
      log(`llama-server: ${build.cpuKernels}; built in ${build.buildSeconds} s`);
      for (const config of PEER_CONFIGS) {
        log(`starting llama-server (${config.name})`);
        servers.push(await startLlamaServer({ binary: build.binary, modelPath: options.modelPath, threads: options.threads, contextSize: options.contextSize, extraArgs: config.args }));
      }
    }

    const sessions: SessionResult[] = [];
    const engineRequests: BenchRun['engineRequests'] = {};
    const passes: BenchReport['passes'] = [];
    let context: ContextReport | undefined;
    for (const [index, maxTokens] of options.maxTokens.entries()) {
      const keystrokes = index === 0 ? options.keystrokesPerSession : Math.ceil(options.keystrokesPerSession / 2);
      const settings: Settings = { ...DEFAULTS, modelPath: options.modelPath, threads: options.threads, maxTokens, prefetch: options.prefetch };
      const columns: Column[] = [
        ...engines.map(({ name, role, engine }) => ({
          name,
          role,
          maxTokens,
          completer: new PipitCompleter({ name, engine, settings, readAhead: options.readAhead, context: options.context === true, ...(options.cache ? {} : { cacheSize: 1 }) }),
        })),
        ...servers.map((server, at) => ({ name: PEER_CONFIGS[at]!.name, role: 'peer' as const, maxTokens, completer: new PeerCompleter(PEER_CONFIGS[at]!.name, server, maxTokens) })),
      ];
      try {
        const passSessions = await replayPass(files, columns, options, keystrokes);
        sessions.push(...passSessions.flat());
        const metrics = columns.map((column, at) => summarize(column, passSessions[at]!, column.completer.engineRequests, column.completer.peakRssBytes()));
        for (const column of columns) engineRequests[`${column.name} @ ${maxTokens}`] = column.completer.engineRequests;
        const simulated = columns[0]!.completer instanceof PipitCompleter ? columns[0]!.completer.context : undefined;
        if (index === 0 && simulated) context = contextReport(simulated.figures, columns[0]!.completer.engineRequests, metrics[0]!.keystrokes);
        passes.push({ maxTokens, keystrokesPerSession: keystrokes, completers: metrics });
      } finally {
        for (const column of columns) await column.completer.dispose();
      }
    }

    const metrics = passes[0]!.completers;
    const pipit = metrics[0]!;
    const activation = options.activation ? measureActivation() : null;
    const report: BenchReport = {
      startedAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
      model: { label: options.modelLabel, path: options.modelPath, threads: main.info.threads, maxTokens: options.maxTokens[0]!, order: main.info.order, loadMs: main.info.loadMs },
      settings: { seed: options.seed, keystrokesPerSession: options.keystrokesPerSession, files: files.map((file) => file.relativePath), prefetch: options.prefetch, cache: options.cache, readAhead: options.readAhead, quick: options.quick },
      pipitColumns: engines.map((engine) => ({ name: engine.name, order: engine.info.order })),
      peerBuild,
      peers: servers.map((server, index) => ({ name: PEER_CONFIGS[index]!.name, args: server.args })),
      completers: metrics,
      passes: passes.slice(1),
      ratios: Object.fromEntries(metrics.filter((m) => m.role === 'peer').map((peer) => [peer.name, ratios(pipit, peer)])),
      activation,
      targets: checkTargets(metrics, activation),
      wallSeconds: (performance.now() - started) / 1000,
      ...(context ? { context } : {}),
    };
    if (passes.some((pass) => pass.completers.some((m) => m.role !== 'peer' && m.errors > 0))) log(`engine log (last lines):\n${engineLog.slice(-10).join('\n')}`);
    return { report, sessions, engineRequests };
  } finally {
    for (const { engine } of engines) engine.dispose();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function loadEngine(options: BenchOptions, order: FimOrder | undefined, engineLog: string[]): Promise<{ engine: EngineClient; info: ModelInfo }> {
  const engine = new EngineClient({
    workerPath: WORKER_PATH,
    logger: { debug: () => undefined, info: (m) => engineLog.push(m), warn: (m) => engineLog.push(m), error: (m) => engineLog.push(m) },
    spawn: forkEngineProcess,
    setPriority: lowerProcessPriority,
    options: { model: { modelPath: options.modelPath, threads: options.threads, contextSize: options.contextSize, ...(order ? { order } : {}), gpu: 'off' } },
  });
  try {
    return { engine, info: await engine.load() };
  } catch (error) {
    engine.dispose();
    throw error;
  }
}

/** Every column types every file; returns each column's sessions, in column order. */
async function replayPass(files: SessionFile[], columns: Column[], options: BenchOptions, keystrokes: number): Promise<SessionResult[][]> {
  const scripts = files.map((file, index) => typingScript(file.text, { seed: options.seed + index, keystrokes, languageId: file.languageId }));
  const sessions: SessionResult[][] = columns.map(() => []);
  for (const [index, file] of files.entries()) {
    const extra = extraChunks(files, index);
    // Rotate who goes first, so no column always types on a machine another one just warmed or loaded.
    const order = columns.map((_, at) => (at + index) % columns.length);
    for (const at of order) {
      const { completer, maxTokens } = columns[at]!;
      options.log(`session ${index + 1}/${files.length} at ${maxTokens} tokens: ${completer.name} types ${file.relativePath}`);
      const session = { ...(await replaySession(completer, file, scripts[index]!, extra, options.replay)), maxTokens };
      sessions[at]!.push(session);
      await completer.idle();
      const shown = session.samples.filter((sample) => sample.shown).length;
      options.log(`  ${session.keystrokes} keystrokes, ${shown} shown, cold ${session.coldMs.toFixed(0)} ms, ${(session.wallMs / 1000).toFixed(0)} s`);
    }
  }
  return sessions;
}

/** Another file the user had open: 32 lines from the middle of the previous session's file (the last, for the first). */
function extraChunks(files: SessionFile[], index: number): ContextChunk[] {
  if (files.length < 2) return [];
  const other = files[(index + files.length - 1) % files.length]!;
  const lines = other.text.split('\n');
  const start = Math.max(0, Math.floor(lines.length / 2) - 16);
  return [{ filePath: other.relativePath, text: lines.slice(start, start + 32).join('\n') }];
}

export function resultsDir(): string {
  return join(resolve(__dirname, '..', '..', '..'), '.bench-results');
}
