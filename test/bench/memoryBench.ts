// `npm run bench -- --memory`: the engine's peak resident memory beside llama-server's, on the same model, context
// and prompts, and what it is made of: pages of the mapped model file (counted once: the weights are used where they
// are mapped) and anonymous memory (runtime, KV cache, compute buffers, vocabulary). Each side reads the same prompts
// (about 1,100 tokens each, at PLACES places of a real file) and answers 16 tokens. Flags: --threads N, --worker PATH
// (another build of dist/engineWorker.js, to compare before and after a change), --no-peer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineClient } from '../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../src/engine/spawnEngine';
import { ensureScriptedShapeProxy } from '../models/testModels';
import { ensureLlamaServer, startLlamaServer } from './llamaServer';
import { sessionFile } from './sourceFiles';

const WORKER_PATH = resolve(__dirname, '..', '..', '..', 'dist', 'engineWorker.js');
const PLACES = 3;
const CONTEXT = 4096;

interface Memory {
  peakMb: number;
  fileMb: number;
  anonMb: number;
}

function memoryOf(pid: number | undefined): Memory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
    return { peakMb: kb('VmHWM'), fileMb: kb('RssFile'), anonMb: kb('RssAnon') };
  } catch {
    return undefined;
  }
}

function places(): Array<{ prefix: string; suffix: string }> {
  const lines = sessionFile('js').text.split('\n');
  return Array.from({ length: PLACES }, (_, i) => {
    const at = 120 + Math.floor(((lines.length - 200) * i) / PLACES);
    return { prefix: `${lines.slice(at - 120, at).join('\n')}\n`, suffix: `\n${lines.slice(at, at + 30).join('\n')}` };
  });
}

export async function memoryMain(argv: string[], script: string): Promise<void> {
  const at = argv.indexOf('--threads');
  const threads = at >= 0 ? Number(argv[at + 1]) : 2;
  const workerAt = argv.indexOf('--worker');
  const workerPath = workerAt >= 0 ? resolve(argv[workerAt + 1]!) : WORKER_PATH;
  const modelPath = await ensureScriptedShapeProxy('qwen2.5-coder-0.5b-q8_0', script);
  const log = (line: string) => process.stderr.write(`[memory] ${line}\n`);
  const rows = ['| engine | peak RSS MB | of which now: model file pages MB | anonymous MB |', '|---|---|---|---|'];
  const row = (name: string, memory: Memory | undefined) =>
    rows.push(memory ? `| ${name} | ${memory.peakMb.toFixed(0)} | ${memory.fileMb.toFixed(0)} | ${memory.anonMb.toFixed(0)} |` : `| ${name} | - | - | - |`);

  const engine = new EngineClient({
    workerPath,
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => log(`engine: ${m}`), error: (m) => log(`engine: ${m}`) },
    spawn: forkEngineProcess,
    setPriority: lowerProcessPriority,
    options: { model: { modelPath, threads, contextSize: CONTEXT, gpu: 'off' } },
  });
  try {
    await engine.load();
    for (const place of places()) {
      // The whole prompt first (a read with no time limit, as at rest), then the answer.
      await engine.complete({ ...place, middle: '', maxTokens: 0, maxTimeMs: 600_000 });
      const result = await engine.complete({ ...place, middle: '', maxTokens: 16, maxTimeMs: 600_000 });
      log(`pipit: ${result.prompt.reused} prompt tokens reused, ${result.prompt.evaluated} evaluated, ${result.generatedTokens} generated (${result.stopReason})`);
    }
    row(`pipit (${workerPath === WORKER_PATH ? 'this build' : workerPath})`, memoryOf(engine.pid));
  } finally {
    engine.dispose();
  }

  if (!argv.includes('--no-peer')) {
    const server = await startLlamaServer({ binary: ensureLlamaServer(log).binary, modelPath, threads, contextSize: CONTEXT, extraArgs: [] });
    try {
      for (const place of places()) {
        const response = await fetch(`${server.url}/infill`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ input_prefix: place.prefix, input_suffix: place.suffix, prompt: '', n_predict: 16, cache_prompt: true, temperature: 0 }),
        });
        const timings = ((await response.json()) as { timings?: { prompt_n?: number; cache_n?: number; predicted_n?: number } }).timings;
        log(`llama-server: ${timings?.cache_n ?? '?'} prompt tokens reused, ${timings?.prompt_n ?? '?'} evaluated, ${timings?.predicted_n ?? '?'} generated`);
      }
      row(`llama-server ${server.args.join(' ')}`, memoryOf(server.pid));
    } finally {
      await server.stop();
    }
  }
  process.stdout.write(`qwen2.5-coder-0.5b-q8_0 scripted shape proxy, context ${CONTEXT}, ${threads} threads\n${rows.join('\n')}\n`);
}
