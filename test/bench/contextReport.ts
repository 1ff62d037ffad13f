// The `--context` mode's figures: how often the extra-context chunks changed, what gathering them cost at each pause
// (off the keystroke path), and what the keystroke after a change paid in prompt tokens.
import type { ContextFigures } from './ContextSimulator';
import { percentiles, promptCostPerKeystroke, type Percentiles } from './metrics';
import type { EngineRequestStat } from './types';

export interface ContextReport {
  keystrokes: number;
  pauses: number;
  changes: number;
  /** Chunk changes per 100 keystrokes. */
  changesPer100Keystrokes: number;
  busyPauses: number;
  gatherMs: Percentiles;
  /** Prompt tokens evaluated by the first keystroke after each change, including keystrokes cut while reading. */
  afterChangeTokens: Percentiles;
  /** The same, only for keystrokes that came once the changed prompt was read in the background. */
  afterChangeTokensRead: Percentiles;
}

export function contextReport(figures: ContextFigures, engine: EngineRequestStat[], keystrokes: number): ContextReport {
  const costs = promptCostPerKeystroke(engine);
  const after = [...figures.afterChange].flatMap((id) => (costs.has(id) ? [costs.get(id)!] : []));
  return {
    keystrokes,
    pauses: figures.pauses,
    changes: figures.changes,
    changesPer100Keystrokes: keystrokes > 0 ? (figures.changes * 100) / keystrokes : 0,
    busyPauses: figures.busy,
    gatherMs: percentiles(figures.gatherMs),
    afterChangeTokens: percentiles(after.map((cost) => cost.evaluated)),
    afterChangeTokensRead: percentiles(after.filter((cost) => !cost.cut).map((cost) => cost.evaluated)),
  };
}

export function formatContext(report: ContextReport): string {
  const p = (value: Percentiles, digits = 0) => (value.n === 0 ? '-' : `p50 ${value.p50!.toFixed(digits)}, p95 ${value.p95!.toFixed(digits)}, max ${value.max!.toFixed(digits)} (n ${value.n})`);
  return [
    'Context at pauses (--context: definitions simulated from the replayed file\'s own symbols)',
    `  pauses ${report.pauses}, chunks changed at ${report.changes} (${report.changesPer100Keystrokes.toFixed(1)} per 100 keystrokes), ${report.busyPauses} pauses found a request running`,
    `  time gathering context at a pause, ms: ${p(report.gatherMs, 2)}`,
    `  prompt tokens of the first keystroke after a change: ${p(report.afterChangeTokens)}`,
    `  … of those that came once the changed prompt was read: ${p(report.afterChangeTokensRead)}`,
    `  targets: gathering p95 < 20 ms: ${met(report.gatherMs.p95, (value) => value < 20)}; first keystroke after a change, prompt read, max <= 8 tokens: ${met(report.afterChangeTokensRead.max, (value) => value <= 8)}`,
  ].join('\n');
}

const met = (value: number | null, test: (value: number) => boolean) => (value === null ? 'n/a' : test(value) ? 'yes' : 'NO');
