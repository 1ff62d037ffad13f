// `npm run bench -- --prompt-lookup`: generation speed with and without prompt-lookup drafting, in the engine process,
// on answers that copy a line of the prompt and on novel ones. The scripted shape proxy costs what the real model
// costs and always answers BENCH_SCRIPT; the prompt decides whether that answer is a copy: the copying prompt holds
// the script's lines further up the file, the novel one does not. Prompts are real source (sourceFiles.ts), so the
// novel case sees the drafts a real file's common tokens cause. Flags: --requests N (per case and setting, default
// 12, at PLACES places of the file), --threads N.
import { resolve } from 'node:path';
import { EngineClient } from '../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../src/engine/spawnEngine';
import type { CompletionResult, InfillRequest } from '../../src/engine/types';
import { ensureScriptedShapeProxy } from '../models/testModels';
import { percentiles } from './metrics';
import { peakRssBytes } from './procStatus';
import { sessionFile } from './sourceFiles';

const WORKER_PATH = resolve(__dirname, '..', '..', '..', 'dist', 'engineWorker.js');
/** Lines of the file before the cursor and after it: about 1,000 prompt tokens, as a keystroke's prompt. */
const PREFIX_LINES = 80;
const SUFFIX_LINES = 20;
/** Places of the file a case is measured at; the requests take turns between them. */
const PLACES = 3;

interface CaseResult {
  tokensPerSecond: number;
  generatedTokens: number;
  drafts: { accepted: number; refuted: number };
}

type Case = 'copying' | 'novel';

/** The requests of one case, at PLACES places of the file in turn (each request reads its prompt first). */
function requests(script: string, kind: Case, count: number): InfillRequest[] {
  const lines = sessionFile('js').text.split('\n');
  const out: InfillRequest[] = [];
  for (let i = 0; i < count; i++) {
    const at = PREFIX_LINES + Math.floor(((lines.length - PREFIX_LINES - SUFFIX_LINES) * (i % PLACES)) / PLACES);
    const before = lines.slice(at - PREFIX_LINES, at);
    // The copied lines sit in a function above the cursor, as a parallel branch or a repeated call would.
    if (kind === 'copying') before.splice(PREFIX_LINES / 2, 0, 'function previous(item, options) {', script, '}');
    out.push({ prefix: `${before.join('\n')}\n`, middle: '', suffix: `\n${lines.slice(at, at + SUFFIX_LINES).join('\n')}`, maxTokens: 64, maxTimeMs: 60_000 });
  }
  return out;
}

async function runCase(engine: EngineClient, list: InfillRequest[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const request of list) {
    // The prompt is read first (as the read-ahead at rest does), so the timed request only generates.
    await engine.complete({ ...request, maxTokens: 0, maxTimeMs: 600_000 });
    const result: CompletionResult = await engine.complete(request);
    const generationMs = result.totalMs - result.timeToFirstTokenMs;
    if (result.generatedTokens > 1 && generationMs > 0) {
      results.push({
        tokensPerSecond: ((result.generatedTokens - 1) * 1000) / generationMs,
        generatedTokens: result.generatedTokens,
        drafts: result.drafts ?? { accepted: 0, refuted: 0 },
      });
    }
  }
  return results;
}

export async function promptLookupMain(argv: string[], script: string): Promise<void> {
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(name);
    const parsed = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} wants a positive integer`);
    return parsed;
  };
  const count = value('--requests', 12);
  const threads = value('--threads', 2);
  const modelPath = await ensureScriptedShapeProxy('qwen2.5-coder-0.5b-q8_0', script);
  const log = (line: string) => process.stderr.write(`[prompt-lookup] ${line}\n`);
  const rows: string[] = ['| case | lookup off: tok/s p50 | lookup on: tok/s p50 | on / off | drafts confirmed / refuted | tokens a request |', '|---|---|---|---|---|---|'];
  const cases: Case[] = ['copying', 'novel'];
  const measured: Record<string, CaseResult[]> = {};
  const rss: Record<string, number | undefined> = {};
  // Off and on take turns case by case, each in a fresh engine process, so a machine that slows down mid-run hurts both.
  for (const kind of cases) {
    for (const lookup of [false, true]) {
      const engine = new EngineClient({
        workerPath: WORKER_PATH,
        logger: { debug: () => undefined, info: () => undefined, warn: (m) => log(`engine: ${m}`), error: (m) => log(`engine: ${m}`) },
        spawn: forkEngineProcess,
        setPriority: lowerProcessPriority,
        options: { model: { modelPath, threads, contextSize: 4096, gpu: 'off', promptLookup: lookup } },
      });
      try {
        await engine.load();
        log(`${kind}, lookup ${lookup ? 'on' : 'off'}: ${count} requests`);
        measured[`${kind}/${lookup}`] = await runCase(engine, requests(script, kind, count));
        rss[`${kind}/${lookup}`] = peakRssBytes(engine.pid);
      } finally {
        engine.dispose();
      }
    }
    const off = measured[`${kind}/false`]!;
    const on = measured[`${kind}/true`]!;
    const p50 = (list: CaseResult[]) => percentiles(list.map((each) => each.tokensPerSecond)).p50 ?? NaN;
    const accepted = on.reduce((sum, each) => sum + each.drafts.accepted, 0);
    const refuted = on.reduce((sum, each) => sum + each.drafts.refuted, 0);
    const tokens = on.reduce((sum, each) => sum + each.generatedTokens, 0) / Math.max(1, on.length);
    rows.push(`| ${kind} | ${p50(off).toFixed(1)} | ${p50(on).toFixed(1)} | ${(p50(on) / p50(off)).toFixed(2)} | ${accepted} / ${refuted} | ${tokens.toFixed(1)} |`);
  }
  const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : `${Math.round(bytes / 2 ** 20)}`);
  rows.push('', `engine peak RSS, MB (copying off / on, novel off / on): ${mb(rss['copying/false'])} / ${mb(rss['copying/true'])}, ${mb(rss['novel/false'])} / ${mb(rss['novel/true'])}`);
  process.stdout.write(`qwen2.5-coder-0.5b-q8_0 scripted shape proxy, ${threads} threads, answer ${JSON.stringify(script)}\n${rows.join('\n')}\n`);
}
