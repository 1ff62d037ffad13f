// The benchmark: the same typing sessions replayed through Pipit's pipeline and engine and, with `peer`, through
// llama-server in its default and its `--spm-infill --cache-reuse 256` configurations, alternating per session.
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS, type Settings } from '../../src/config/settings';
import { EngineClient } from '../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../src/engine/spawnEngine';
import type { ContextChunk, FimOrder } from '../../src/engine/types';
import { measureActivation } from './activation';
import { ensureLlamaServer, startLlamaServer, type RunningServer } from './llamaServer';
import { ratios, summarize, type CompleterMetrics } from './metrics';
import { PeerCompleter } from './PeerCompleter';
import { PipitCompleter } from './PipitCompleter';
import { replaySession, type ReplayOptions, type SessionResult } from './replaySession';
import { checkTargets, type BenchReport } from './report';
import { sessionFile, type SessionLanguage } from './sourceFiles';
import type { Completer, SessionFile } from './types';
import { typingScript } from './typingScript';

const WORKER_PATH = resolve(__dirname, '..', '..', '..', 'dist', 'engineWorker.js');

export interface BenchOptions {
  modelPath: string;
  modelLabel: string;
  threads: number;
  /** Tokens generated at most per request, by both sides (random weights never stop earlier). */
  maxTokens: number;
  contextSize: number;
  seed: number;
  keystrokesPerSession: number;
  languages: SessionLanguage[];
  peer: boolean;
  prefetch: boolean;
  cache: boolean;
  order: FimOrder;
  replay: ReplayOptions;
  activation: boolean;
  quick: boolean;
  log: (line: string) => void;
}

export const PEER_CONFIGS = [
  { name: 'peer-default', args: [] as string[] },
  { name: 'peer-spm-reuse', args: ['--spm-infill', '--cache-reuse', '256'] },
];

export interface BenchRun {
  report: BenchReport;
  sessions: SessionResult[];
}

export async function runBench(options: BenchOptions): Promise<BenchRun> {
  const started = performance.now();
  const { log } = options;
  if (!existsSync(WORKER_PATH)) throw new Error(`${WORKER_PATH} is missing: run \`node esbuild.mjs --tests\` first`);
  const files = options.languages.map((language) => sessionFile(language, log));
  const scripts = files.map((file, index) => typingScript(file.text, { seed: options.seed + index, keystrokes: options.keystrokesPerSession }));
  const settings: Settings = {
    ...DEFAULTS,
    modelPath: options.modelPath,
    threads: options.threads,
    maxTokens: options.maxTokens,
    prefetch: options.prefetch,
  };

  const engineLog: string[] = [];
  const engine = new EngineClient({
    workerPath: WORKER_PATH,
    logger: { debug: () => undefined, info: (m) => engineLog.push(m), warn: (m) => engineLog.push(m), error: (m) => engineLog.push(m) },
    spawn: forkEngineProcess,
    setPriority: lowerProcessPriority,
    options: { model: { modelPath: options.modelPath, threads: options.threads, contextSize: options.contextSize, order: options.order, gpu: 'off' } },
  });
  const servers: RunningServer[] = [];
  const completers: Completer[] = [];
  let peerBuild: BenchReport['peerBuild'] = null;
  try {
    log(`loading ${options.modelLabel} in Pipit's engine`);
    const info = await engine.load();
    completers.push(new PipitCompleter({ engine, settings, ...(options.cache ? {} : { cacheSize: 1 }) }));
    if (options.peer) {
      const build = ensureLlamaServer(log);
      peerBuild = { cpuKernels: build.cpuKernels, buildSeconds: build.buildSeconds };
      log(`llama-server: ${build.cpuKernels}; built in ${build.buildSeconds} s`);
      for (const config of PEER_CONFIGS) {
        log(`starting llama-server (${config.name})`);
        const server = await startLlamaServer({ binary: build.binary, modelPath: options.modelPath, threads: options.threads, contextSize: options.contextSize, extraArgs: config.args });
        servers.push(server);
        completers.push(new PeerCompleter(config.name, server, options.maxTokens));
      }
    }

    const sessions: SessionResult[] = [];
    for (const [index, file] of files.entries()) {
      const extra = extraChunks(files, index);
      // Alternate who goes first, so neither side always types on a machine the other just warmed or loaded.
      const order = index % 2 === 0 ? completers : [...completers.slice(1), completers[0]!];
      for (const completer of order) {
        log(`session ${index + 1}/${files.length}: ${completer.name} types ${file.relativePath}`);
        const session = await replaySession(completer, file, scripts[index]!, extra, options.replay);
        sessions.push(session);
        await completer.idle();
        const shown = session.samples.filter((sample) => sample.shown).length;
        log(`  ${session.keystrokes} keystrokes, ${shown} shown, cold ${session.coldMs.toFixed(0)} ms, ${(session.wallMs / 1000).toFixed(0)} s`);
      }
    }

    const metrics: CompleterMetrics[] = completers.map((completer) =>
      summarize(completer.name, sessions.filter((session) => session.completer === completer.name), completer.engineRequests, completer.peakRssBytes()),
    );
    const pipit = metrics[0]!;
    const activation = options.activation ? measureActivation() : null;
    const report: BenchReport = {
      startedAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
      model: { label: options.modelLabel, path: options.modelPath, threads: info.threads, maxTokens: options.maxTokens, order: info.order, loadMs: info.loadMs },
      settings: { seed: options.seed, keystrokesPerSession: options.keystrokesPerSession, files: files.map((file) => file.relativePath), prefetch: options.prefetch, cache: options.cache, quick: options.quick },
      peerBuild,
      peers: servers.map((server, index) => ({ name: PEER_CONFIGS[index]!.name, args: server.args })),
      completers: metrics,
      ratios: Object.fromEntries(metrics.slice(1).map((peer) => [peer.name, ratios(pipit, peer)])),
      activation,
      targets: checkTargets(metrics, activation),
      wallSeconds: (performance.now() - started) / 1000,
    };
    if (pipit.errors > 0) log(`engine log (last lines):\n${engineLog.slice(-10).join('\n')}`);
    return { report, sessions };
  } finally {
    for (const completer of completers) await completer.dispose();
    engine.dispose();
    await Promise.all(servers.map((server) => server.stop()));
  }
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
