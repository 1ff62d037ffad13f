// `npm run bench [-- flags]`: replays typing sessions through Pipit (and with --peer through llama-server), prints
// the table and writes the JSON to .bench-results/. Flags:
//   --quick                 fewer keystrokes a session (40 instead of 120)
//   --peer                  also replay through llama-server, default and --spm-infill --cache-reuse 256
//   --compare-spm           also replay through a second Pipit engine with the old spm layout (its own column)
//   --max-tokens 16,64      tokens generated at most per request: the main run at the first value, then the first
//                           half of every session again at each further one (64 is the product's default)
//   --model 1.5b            the Qwen2.5-Coder-1.5B Q4_0 shape proxy instead of 0.5B Q8_0 (PIPIT_BENCH_MODEL: any GGUF)
//   --random-weights        the random-weight proxy, whose answers never end, instead of the scripted one
//   --no-prefetch --no-cache --no-read-ahead --order spm|psm    turn a design choice off, to see what it buys
//   --context               extra context as in the editor: chunks change at pauses only, with definitions near the
//                           cursor from a language server simulated from the replayed file's own symbols
//   --keystrokes N --seed N --threads N --files ts,js,py --no-activation
//   --long-session [N]      instead: N completions (5,000) in one engine process, checked for leaks (longSessionCli.ts)
//   --editor [--pauses N] [--threads N]   instead: keystroke to ghost text in a real VS Code (code-server), word bursts typed into
//                           mocha's lib/runner.js, at 16 tokens and at the product's defaults (editorLatency.ts)
//   --prompt-lookup         instead: generation tok/s with and without prompt-lookup drafting, on answers copied from
//                           the prompt and on novel ones (promptLookupBench.ts; --requests N --threads N)
//   --memory                instead: the engine's peak RSS beside llama-server's, same model, context and prompts
//                           (memoryBench.ts; --worker PATH compares another engine build, --no-peer)
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { ensureScriptedShapeProxy, ensureShapeProxy, type ShapeProxy } from '../models/testModels';
import { formatContext } from './contextReport';
import { formatEditorLatency, measureEditorLatency } from './editorLatency';
import { longSessionMain } from './longSessionCli';
import { memoryMain } from './memoryBench';
import { promptLookupMain } from './promptLookupBench';
import { formatReport } from './report';
import { resultsDir, runBench, type BenchOptions } from './runBench';
import { DEFAULT_REPLAY } from './replaySession';
import { SESSION_LANGUAGES, type SessionLanguage } from './sourceFiles';

/**
 * What the scripted shape proxy answers: a line of code and its end; in multi-line mode a second line. Its tokens are
 * all different, as a scripted model needs.
 */
export const BENCH_SCRIPT = 'const result = compute(item, options);\n\treturn out;';

const PROXIES: Record<string, ShapeProxy> = { '0.5b': 'qwen2.5-coder-0.5b-q8_0', '1.5b': 'qwen2.5-coder-1.5b-q4_0' };

export async function optionsFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<BenchOptions> {
  const flags = new Set(argv.filter((arg) => arg.startsWith('--')));
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const int = (name: string, fallback: number): number => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} wants a positive integer, got ${raw}`);
    return parsed;
  };
  const quick = flags.has('--quick');
  const proxyName = value('--model') ?? '0.5b';
  const proxy = PROXIES[proxyName];
  if (!env.PIPIT_BENCH_MODEL && !proxy) throw new Error(`--model takes ${Object.keys(PROXIES).join(' or ')}`);
  // The scripted proxy costs what the real model costs and answers like a model that writes code: a line, then its
  // end. A random-weight proxy never ends, so every answer would run to the token limit and, cut mid-line, show nothing.
  const scripted = !flags.has('--random-weights');
  const modelPath = env.PIPIT_BENCH_MODEL || (scripted ? await ensureScriptedShapeProxy(proxy!, BENCH_SCRIPT) : await ensureShapeProxy(proxy!));
  const languages = (value('--files') ?? SESSION_LANGUAGES.join(',')).split(',') as SessionLanguage[];
  if (languages.some((language) => !SESSION_LANGUAGES.includes(language))) throw new Error(`--files takes ${SESSION_LANGUAGES.join(',')}`);
  const order = value('--order');
  if (order !== undefined && order !== 'spm' && order !== 'psm') throw new Error('--order takes spm or psm');
  const compareSpm = flags.has('--compare-spm');
  if (compareSpm && order === 'spm') throw new Error('--compare-spm adds an spm column beside the main one: the main one cannot be --order spm too');
  const maxTokens = (value('--max-tokens') ?? '16,64').split(',').map(Number);
  if (maxTokens.some((count) => !Number.isInteger(count) || count <= 0) || new Set(maxTokens).size !== maxTokens.length) {
    throw new Error(`--max-tokens wants distinct positive integers separated by commas, got ${value('--max-tokens')}`);
  }
  return {
    modelPath,
    modelLabel: env.PIPIT_BENCH_MODEL ? basename(modelPath) : `${proxy} shape proxy (${scripted ? `scripted: ${JSON.stringify(BENCH_SCRIPT)}` : 'random weights'})`,
    threads: int('--threads', 2),
    maxTokens,
    contextSize: 4096,
    seed: int('--seed', 1),
    keystrokesPerSession: int('--keystrokes', quick ? 40 : 120),
    languages,
    peer: flags.has('--peer'),
    prefetch: !flags.has('--no-prefetch'),
    readAhead: !flags.has('--no-read-ahead'),
    context: flags.has('--context'),
    cache: !flags.has('--no-cache'),
    ...(order ? { order } : {}),
    compareSpm,
    replay: DEFAULT_REPLAY,
    activation: !flags.has('--no-activation'),
    quick,
    log: (line) => process.stderr.write(`[bench] ${line}\n`),
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--long-session')) {
    if (!(await longSessionMain(process.argv.slice(2), BENCH_SCRIPT))) process.exitCode = 1;
    return;
  }
  if (process.argv.includes('--editor')) {
    await editorMain(process.argv.slice(2));
    return;
  }
  if (process.argv.includes('--prompt-lookup')) return promptLookupMain(process.argv.slice(2), BENCH_SCRIPT);
  if (process.argv.includes('--memory')) return memoryMain(process.argv.slice(2), BENCH_SCRIPT);
  const options = await optionsFromArgs(process.argv.slice(2));
  const { report, sessions, engineRequests } = await runBench(options);
  const table = report.context ? `${formatReport(report)}\n\n${formatContext(report.context)}` : formatReport(report);
  process.stdout.write(`${table}\n`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  const json = JSON.stringify({ ...report, table, sessions, engineRequests }, null, 2);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  process.stderr.write(`[bench] wrote ${file}\n`);
}

/** Two runs in real VS Code: answers of at most 16 tokens (as the replay above), then the product's defaults. */
async function editorMain(argv: string[]): Promise<void> {
  const pausesAt = argv.indexOf('--pauses');
  const pauses = pausesAt >= 0 ? Number(argv[pausesAt + 1]) : 20;
  if (!Number.isInteger(pauses) || pauses <= 0) throw new Error('--pauses wants a positive integer');
  const threadsAt = argv.indexOf('--threads');
  const threads = threadsAt >= 0 ? Number(argv[threadsAt + 1]) : undefined;
  if (threads !== undefined && (!Number.isInteger(threads) || threads <= 0)) throw new Error('--threads wants a positive integer');
  // Without --threads, the product's default (cores - 1).
  const threadSetting = threads === undefined ? {} : { 'pipit.threads': threads };
  const modelPath = process.env.PIPIT_BENCH_MODEL || (await ensureScriptedShapeProxy(PROXIES['0.5b']!, BENCH_SCRIPT));
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const results = [];
  for (const [label, settings] of [['maxTokens 16', { 'pipit.maxTokens': 16 }], ['product defaults', {}]] as const) {
    const named = threads === undefined ? label : `${label}, ${threads} thread${threads > 1 ? 's' : ''}`;
    results.push(await measureEditorLatency({ label: named, modelPath, settings: { ...settings, ...threadSetting }, pauses, waitMs: 8_000, log }));
  }
  const table = formatEditorLatency(results);
  process.stdout.write(`Model: ${basename(modelPath)}; ${pauses} pauses a run; ${availableParallelism()} cores\n${table}\n`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'editor-latency.json'), JSON.stringify({ modelPath, results, table }, null, 2));
}

if (require.main === module) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
