// Measures the engine through its real process: time to first token and generation speed, cold (empty cache) and
// with reuse (prefix grown by one character). `node out/test/unit/engine/engineBench.js [qwen2.5-coder-0.5b-q8_0]`
import { ensureShapeProxy, ensureTestModels, type ShapeProxy } from '../../models/testModels';
import { codeAroundCursor, startEngine } from './engineHarness';

async function bench(label: string, modelPath: string, functions: number): Promise<void> {
  const { client } = startEngine();
  try {
    const info = await client.load({ modelPath, contextSize: 4096 });
    const code = codeAroundCursor(functions);
    const request = { ...code, maxTokens: 32, maxTimeMs: 60_000 };
    const rows: Array<[string, Awaited<ReturnType<typeof client.complete>>]> = [];
    rows.push(['cold', await client.complete(request)]);
    rows.push(['+1 char', await client.complete({ ...request, middle: `${code.middle}u` })]);
    rows.push(['+1 char', await client.complete({ ...request, middle: `${code.middle}ur` })]);
    console.log(`${label}: ${info.architecture}, ${info.threads} threads, load ${info.loadMs} ms`);
    for (const [what, r] of rows) {
      const genMs = Math.max(1, r.totalMs - r.timeToFirstTokenMs);
      const tokPerS = r.generatedTokens > 1 ? ((r.generatedTokens - 1) * 1000) / genMs : 0;
      console.log(
        `  ${what.padEnd(8)} prompt evaluated ${String(r.prompt.evaluated).padStart(4)} reused ${String(r.prompt.reused).padStart(4)}` +
          `  TTFT ${String(r.timeToFirstTokenMs).padStart(5)} ms  ${r.generatedTokens} tokens  ${tokPerS.toFixed(0)} tok/s  total ${r.totalMs} ms`,
      );
    }
  } finally {
    client.dispose();
  }
}

async function main(): Promise<void> {
  const models = await ensureTestModels();
  await bench('qwenFim test model', models.qwenFim, 20);
  const proxy = process.argv[2] as ShapeProxy | undefined;
  if (proxy) await bench(proxy, await ensureShapeProxy(proxy), 20);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
