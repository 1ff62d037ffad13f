// `npm run bench -- --long-session 5000`: hours of typing in minutes. Typing sessions on real source files (the
// bench's own, see sourceFiles.ts) are replayed through Pipit's pipeline and one engine process, session after
// session, until that many completions have gone through the engine. Between sessions, with nothing in flight, both
// sides are measured: the engine process answers the `resources` request (memory, timers, handles, listeners) and
// this process (the extension host's stand-in) measures itself. After the warm-up the engine's peak RSS must grow
// by less than 5%, and no count of timers, handles or listeners may be higher at the end than after the warm-up.
import { DEFAULTS, type Settings } from '../../src/config/settings';
import type { EngineClient } from '../../src/engine/EngineClient';
import { processResources, type ProcessResources } from '../../src/engine/processResources';
import { PipitCompleter } from './PipitCompleter';
import { DEFAULT_REPLAY, replaySession } from './replaySession';
import { sessionFile, type SessionLanguage } from './sourceFiles';
import { typingScript } from './typingScript';

export interface LongSessionOptions {
  engine: EngineClient;
  modelPath: string;
  modelLabel: string;
  /** Completions (engine requests, superseded ones included) to run. */
  completions: number;
  /** Measure after the first session that ends at least this many completions after the last measurement. */
  sampleEvery: number;
  /** Completions before the baseline: caches, the KV cache and the allocator fill up first. */
  warmup: number;
  keystrokesPerSession: number;
  /** Divides the typist's delays: faster typing supersedes more requests in flight, a path leaks like to hide in. */
  speed: number;
  seed: number;
  languages: SessionLanguage[];
  log: (line: string) => void;
}

/** Counts that must not grow, on each side. */
const COUNTS = ['timers', 'handles', 'listeners'] as const;

export interface LongSessionSample {
  completions: number;
  cancelled: number;
  keystrokes: number;
  seconds: number;
  engine: ProcessResources;
  /** This process, with the listeners it keeps on the engine process added to its own. */
  client: ProcessResources;
}

export interface LongSessionVerdict {
  baselineAt: number;
  peakRssGrowthPercent: number;
  /** What grew past the baseline, in words; empty when nothing did. */
  problems: string[];
  pass: boolean;
}

export interface LongSessionReport {
  model: string;
  options: Omit<LongSessionOptions, 'engine' | 'log'>;
  files: string[];
  samples: LongSessionSample[];
  verdict: LongSessionVerdict;
}

export async function runLongSession(options: LongSessionOptions): Promise<LongSessionReport> {
  const { engine, log } = options;
  const files = options.languages.map((language) => sessionFile(language, log));
  const settings: Settings = { ...DEFAULTS, modelPath: options.modelPath };
  const completer = new PipitCompleter({ engine, settings });
  const started = performance.now();
  const samples: LongSessionSample[] = [];
  let keystrokes = 0;
  let session = 0;
  try {
    await engine.load();
    samples.push(await sample(completer, engine, keystrokes, started));
    while (completer.engineRequests.length < options.completions) {
      const file = files[session % files.length]!;
      const script = typingScript(file.text, { seed: options.seed + session, keystrokes: options.keystrokesPerSession, languageId: file.languageId });
      const result = await replaySession(completer, file, script, [], { ...DEFAULT_REPLAY, speed: options.speed, waitCapMs: 5_000 });
      keystrokes += result.keystrokes;
      session++;
      if (completer.engineRequests.length - samples.at(-1)!.completions < options.sampleEvery) continue;
      const at = await sample(completer, engine, keystrokes, started);
      samples.push(at);
      log(line(at));
    }
    // The end is always measured, however far the last measurement was.
    if (samples.at(-1)!.completions < completer.engineRequests.length) {
      const end = await sample(completer, engine, keystrokes, started);
      samples.push(end);
      log(line(end));
    }
  } finally {
    await completer.dispose();
  }
  const { engine: _engine, log: _log, ...kept } = options;
  return { model: options.modelLabel, options: kept, files: files.map((file) => file.relativePath), samples, verdict: judge(samples, options.warmup) };
}

/** Measures both sides at rest: no request in flight, the resting-cursor timer run out. */
async function sample(completer: PipitCompleter, engine: EngineClient, keystrokes: number, started: number): Promise<LongSessionSample> {
  await completer.idle();
  await new Promise((done) => setTimeout(done, 500));
  await completer.idle();
  const report = await engine.resources();
  if (!report) throw new Error('the engine process is not running');
  const own = processResources();
  const requests = completer.engineRequests;
  return {
    completions: requests.length,
    cancelled: requests.filter((request) => request.cancelled).length,
    keystrokes,
    seconds: (performance.now() - started) / 1000,
    engine: report,
    client: { ...own, listeners: own.listeners + engine.processListeners },
  };
}

export function judge(samples: readonly LongSessionSample[], warmup: number): LongSessionVerdict {
  const baseline = samples.find((each) => each.completions >= warmup);
  const last = samples.at(-1);
  if (!baseline || !last || last === baseline) {
    return { baselineAt: baseline?.completions ?? 0, peakRssGrowthPercent: 0, problems: ['too few completions after the warm-up to judge'], pass: false };
  }
  const growth = ((last.engine.peakRssBytes - baseline.engine.peakRssBytes) / baseline.engine.peakRssBytes) * 100;
  const problems: string[] = [];
  if (growth >= 5) problems.push(`the engine's peak RSS grew ${growth.toFixed(1)}% after the warm-up (limit: under 5%)`);
  for (const side of ['engine', 'client'] as const) {
    for (const count of COUNTS) {
      if (last[side][count] > baseline[side][count]) {
        problems.push(`${side} ${count}: ${baseline[side][count]} after the warm-up, ${last[side][count]} at the end (${JSON.stringify(last[side].byKind)})`);
      }
    }
  }
  return { baselineAt: baseline.completions, peakRssGrowthPercent: growth, problems, pass: problems.length === 0 };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function line(sample: LongSessionSample): string {
  const { engine, client } = sample;
  return (
    `${String(sample.completions).padStart(6)} completions ${String(sample.cancelled).padStart(5)} superseded ${String(sample.keystrokes).padStart(6)} keys ` +
    `${sample.seconds.toFixed(0).padStart(5)} s | engine rss ${mb(engine.rssBytes)} MB peak ${mb(engine.peakRssBytes)} MB heap ${mb(engine.heapUsedBytes)} MB ` +
    `timers ${engine.timers} handles ${engine.handles} listeners ${engine.listeners} | client heap ${mb(client.heapUsedBytes)} MB ` +
    `timers ${client.timers} handles ${client.handles} listeners ${client.listeners}`
  );
}

/** The curve as a Markdown table (docs/reliability.md quotes it). */
export function formatLongSession(report: LongSessionReport): string {
  const rows = report.samples.map((each) => {
    const { engine, client } = each;
    return `| ${each.completions} | ${each.cancelled} | ${each.seconds.toFixed(0)} | ${mb(engine.rssBytes)} | ${mb(engine.peakRssBytes)} | ${mb(engine.heapUsedBytes)} | ${engine.timers} / ${engine.handles} / ${engine.listeners} | ${mb(client.heapUsedBytes)} | ${client.timers} / ${client.handles} / ${client.listeners} |`;
  });
  const { verdict } = report;
  return [
    `model: ${report.model}; files: ${report.files.join(', ')}; ${report.options.keystrokesPerSession} keystrokes a session at ${report.options.speed}x typing speed`,
    '',
    '| completions | of them superseded | s | engine RSS MB | engine peak RSS MB | engine heap MB | engine timers / handles / listeners | client heap MB | client timers / handles / listeners |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `after the warm-up (${verdict.baselineAt} completions): peak RSS ${verdict.peakRssGrowthPercent >= 0 ? '+' : ''}${verdict.peakRssGrowthPercent.toFixed(2)}%; ` +
      (verdict.pass ? 'no count grew: PASS' : `FAIL: ${verdict.problems.join('; ')}`),
  ].join('\n');
}
