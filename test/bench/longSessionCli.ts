// `npm run bench -- --long-session [N]` (default 5,000 completions). Flags:
//   --model tiny|0.5b       the tiny scripted test model (default: the run is about the process, not the model's
//                           speed) or the Qwen2.5-Coder-0.5B Q8_0 scripted shape proxy (PIPIT_BENCH_MODEL: any GGUF)
//   --sample-every N        measure after every N completions or so (default 250)
//   --warmup N              completions before the baseline (default 500)
//   --speed N               typing speed multiplier (default 2)
//   --keystrokes N --seed N --threads N --files ts,js,py
// Prints the curve, writes .bench-results/long-session-<time>.json and exits 1 when something grew.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EngineClient } from '../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../src/engine/spawnEngine';
import { ensureScriptedModel, ensureScriptedShapeProxy } from '../models/testModels';
import { formatLongSession, runLongSession } from './longSession';
import { resultsDir } from './runBench';
import { SESSION_LANGUAGES, type SessionLanguage } from './sourceFiles';

const WORKER_PATH = resolve(__dirname, '..', '..', '..', 'dist', 'engineWorker.js');

/** `script`: what the scripted models answer (the bench's BENCH_SCRIPT). Resolves whether nothing grew. */
export async function longSessionMain(argv: string[], script: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    const next = at >= 0 ? argv[at + 1] : undefined;
    return next !== undefined && !next.startsWith('--') ? next : undefined;
  };
  const int = (name: string, fallback: number): number => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} wants a positive integer, got ${raw}`);
    return parsed;
  };
  const model = value('--model') ?? 'tiny';
  if (!env.PIPIT_BENCH_MODEL && model !== 'tiny' && model !== '0.5b') throw new Error('--long-session takes --model tiny or 0.5b');
  const modelPath = env.PIPIT_BENCH_MODEL || (model === 'tiny' ? await ensureScriptedModel(script) : await ensureScriptedShapeProxy('qwen2.5-coder-0.5b-q8_0', script));
  const modelLabel = env.PIPIT_BENCH_MODEL ? basename(modelPath) : model === 'tiny' ? 'the tiny scripted test model' : 'qwen2.5-coder-0.5b-q8_0 scripted shape proxy';
  const languages = (value('--files') ?? 'ts,js').split(',') as SessionLanguage[];
  if (languages.some((language) => !SESSION_LANGUAGES.includes(language))) throw new Error(`--files takes ${SESSION_LANGUAGES.join(',')}`);
  const log = (line: string) => process.stderr.write(`[long-session] ${line}\n`);
  const threads = int('--threads', 2);
  const engine = new EngineClient({
    workerPath: WORKER_PATH,
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => log(`engine: ${m}`), error: (m) => log(`engine: ${m}`) },
    spawn: forkEngineProcess,
    setPriority: lowerProcessPriority,
    options: { model: { modelPath, threads, contextSize: 4096, gpu: 'off' } },
  });
  try {
    log(`${modelLabel}: ${modelPath}`);
    const report = await runLongSession({
      engine,
      modelPath,
      modelLabel,
      completions: int('--long-session', 5000),
      sampleEvery: int('--sample-every', 250),
      warmup: int('--warmup', 500),
      keystrokesPerSession: int('--keystrokes', 200),
      speed: int('--speed', 2),
      seed: int('--seed', 1),
      languages,
      log,
    });
    const table = formatLongSession(report);
    process.stdout.write(`${table}\n`);
    const dir = resultsDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `long-session-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ ...report, table }, null, 2));
    log(`wrote ${file}`);
    return report.verdict.pass;
  } finally {
    engine.dispose();
  }
}
