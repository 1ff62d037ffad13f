// Extension activation cost, measured in fresh Node processes by activationProbe (stub `vscode`; see there).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface ActivationResult {
  /** Medians over the runs: evaluating dist/extension.js, and its activate() call. */
  requireMs: number;
  activateMs: number;
  totalMs: number;
  runs: number;
  error?: string;
}

export function measureActivation(runs = 5): ActivationResult {
  const results = Array.from({ length: runs }, () => {
    const output = execFileSync(process.execPath, [join(__dirname, 'activationProbe.js')], { encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(output.trim().split('\n').pop()!) as { requireMs: number; activateMs: number; error?: string };
  });
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const error = results.find((result) => result.error)?.error;
  return {
    requireMs: median(results.map((r) => r.requireMs)),
    activateMs: median(results.map((r) => r.activateMs)),
    totalMs: median(results.map((r) => r.requireMs + r.activateMs)),
    runs,
    ...(error ? { error } : {}),
  };
}
