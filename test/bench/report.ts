// The report as Markdown tables (stdout and docs/performance.md), with the targets checked against it.
import type { ContextReport } from './contextReport';
import type { ActivationResult } from './activation';
import type { CompleterMetrics, Percentiles } from './metrics';

export interface BenchReport {
  startedAt: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  /** `maxTokens` and `order` are the main table's and the first Pipit column's. */
  model: { label: string; path: string; threads: number; maxTokens: number; order: string; loadMs: number | null };
  settings: { seed: number; keystrokesPerSession: number; files: string[]; prefetch: boolean; cache: boolean; readAhead: boolean; quick: boolean };
  /** Pipit's columns and the prompt order each one's engine runs. */
  pipitColumns: Array<{ name: string; order: string }>;
  /** How the peer's llama-server was built: where its CPU kernels come from, and how long the build took. */
  peerBuild: { cpuKernels: string; buildSeconds: number } | null;
  peers: Array<{ name: string; args: string[] }>;
  /** The main run, at `model.maxTokens`. */
  completers: CompleterMetrics[];
  /** The same sessions again at other generation lengths (their first `keystrokesPerSession` keystrokes), for latency. */
  passes: Array<{ maxTokens: number; keystrokesPerSession: number; completers: CompleterMetrics[] }>;
  ratios: Record<string, Record<string, number | null>>;
  activation: ActivationResult | null;
  targets: Array<{ target: string; value: string; met: boolean | null }>;
  wallSeconds: number;
  /** With --context: the chunks' changes at pauses and what gathering them cost. */
  context?: ContextReport;
}

/** The product's default `pipit.maxTokens`. */
export const PRODUCT_MAX_TOKENS = 64;

const ms = (value: number | null) => (value === null ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(0));
const num = (value: number | null, digits = 0) => (value === null ? '-' : value.toFixed(digits));
const pair = (p: Percentiles, format: (value: number | null) => string = ms) => (p.n === 0 ? '-' : `${format(p.p50)} / ${format(p.p95)}`);
const tokens = (value: number | null) => num(value);
const withN = (p: Percentiles, value: number | null) => (p.n === 0 ? '-' : `${tokens(value)} (${p.n})`);

const lengthNote = (maxTokens: number) => (maxTokens === PRODUCT_MAX_TOKENS ? ", the product's default pipit.maxTokens" : '');

export function formatReport(report: BenchReport): string {
  const table = (columns: CompleterMetrics[], rows: Array<[string, (m: CompleterMetrics) => string]>) => [
    `| metric | ${columns.map((m) => m.name).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...rows.map(([label, cell]) => `| ${label} | ${columns.map(cell).join(' | ')} |`),
  ];
  const lines = [
    `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGb} GB, Node ${report.machine.node}.`,
    `Model: ${report.model.label} (${report.model.threads} threads${report.model.loadMs !== null ? `, load ${report.model.loadMs} ms` : ''}). Files: ${report.settings.files.join(', ')}.`,
    `Pipit: ${report.pipitColumns.map((column) => `${column.name} runs prompt order ${column.order}`).join('; ')}.`,
    `Seed ${report.settings.seed}, ${report.settings.keystrokesPerSession} keystrokes a session; prefetch ${report.settings.prefetch ? 'on' : 'off'}, cache ${report.settings.cache ? 'on' : 'off'}, read-ahead at rest ${report.settings.readAhead ? 'on' : 'off'}.`,
    ...(report.peerBuild ? [`Peer build: ${report.peerBuild.cpuKernels}; built in ${report.peerBuild.buildSeconds} s.`] : []),
    ...report.peers.map((peer) => `Peer ${peer.name}: llama-server ${peer.args.join(' ')}`),
    '',
    `Main run: at most ${report.model.maxTokens} tokens generated per request${lengthNote(report.model.maxTokens)}.`,
    '',
    ...table(report.completers, [
      ['keystrokes / requests / shown', (m) => `${m.keystrokes} / ${m.requests} / ${m.shown}`],
      ['last keystroke → shown, p50 / p95 ms', (m) => pair(m.latencyMs)],
      ['typed-through + cache hits shown, p50 / p95 ms (n)', (m) => (m.reuseLatencyMs.n ? `${pair(m.reuseLatencyMs)} (${m.reuseShown})` : '-')],
      ['cold first request of a session, p50 ms', (m) => ms(m.coldMs.p50)],
      ['engine requests per 100 keystrokes', (m) => num(m.engineRequestsPer100Keystrokes, 1)],
      ['prompt tokens evaluated per request, p50 / p95', (m) => pair(m.promptEvaluated, tokens)],
      ['prompt tokens evaluated per keystroke, p50 / p95 (keystrokes)', (m) => (m.keystrokeCost.typing.n ? `${pair(m.keystrokeCost.typing, tokens)} (${m.keystrokeCost.typing.n})` : '-')],
      ['… keystrokes whose request was cut short while reading its prompt', (m) => `${m.keystrokeCost.cut}`],
      ['… typing within a line, max (cut short included)', (m) => tokens(m.keystrokeCost.withinLineMax)],
      ['… typing within a line once the place’s prompt was read, max', (m) => tokens(m.keystrokeCost.withinLineWarmMax)],
      ['… keystroke right after Enter, p95 (keystrokes)', (m) => withN(m.keystrokeCost.afterEnter, m.keystrokeCost.afterEnter.p95)],
      ['… Enter, p95 (keystrokes)', (m) => withN(m.keystrokeCost.enter, m.keystrokeCost.enter.p95)],
      ['… first keystroke after a jump, p50 / max', (m) => (m.keystrokeCost.moved.n ? `${tokens(m.keystrokeCost.moved.p50)} / ${tokens(m.keystrokeCost.moved.max)}` : '-')],
      ['prompt tokens reused per request, p50 / p95', (m) => pair(m.promptReused, tokens)],
      ['time to first token, p50 / p95 ms', (m) => pair(m.timeToFirstTokenMs)],
      ['generation tok/s, p50 (mean tokens generated)', (m) => `${num(m.tokensPerSecond.p50, 1)} (${num(m.generatedTokensMean, 1)})`],
      ['pipeline overhead excl. engine, p50 / p95 ms', (m) => pair(m.overheadMs)],
      ['engine peak RSS, MB', (m) => num(m.peakRssMb)],
      ['extension-side CPU, ms per keystroke (total s)', (m) => `${m.cpuMsPerKeystroke.toFixed(2)} (${(m.cpuMs / 1000).toFixed(1)})`],
      ['accepted / typed-through keys', (m) => `${m.accepted} / ${m.typedThroughKeys}`],
      ['errors', (m) => (m.errors ? `${m.errors}: ${m.firstError ?? ''}` : '0')],
    ]),
  ];
  lines.push(
    '',
    'Prompt tokens per keystroke: p50 / p95 over typing keystrokes whose request read its whole prompt. A request stopped while reading it (by the next ' +
      'keystroke, or by maxTimeMs) is counted as cut short, and the next request evaluates the rest; the within-line max includes what cut-short ' +
      'requests evaluated. Within a line: not Enter, not the first keystroke after a jump.' +
      (report.completers.some((m) => m.role === 'peer') ? " llama-server reports nothing for a request aborted by the next keystroke: only the peers' answered requests count." : ''),
  );
  for (const pass of report.passes) {
    lines.push(
      '',
      `At most ${pass.maxTokens} tokens generated per request${lengthNote(pass.maxTokens)}: the same sessions' first ${pass.keystrokesPerSession} keystrokes replayed again.`,
      '',
      ...table(pass.completers, [
        ['keystrokes / requests / shown', (m) => `${m.keystrokes} / ${m.requests} / ${m.shown}`],
        ['last keystroke → shown, p50 / p95 ms', (m) => pair(m.latencyMs)],
        ['typed-through + cache hits shown, p50 / p95 ms (n)', (m) => (m.reuseLatencyMs.n ? `${pair(m.reuseLatencyMs)} (${m.reuseShown})` : '-')],
        ['time to first token, p50 / p95 ms', (m) => pair(m.timeToFirstTokenMs)],
        ['generation tok/s, p50 (mean tokens generated)', (m) => `${num(m.tokensPerSecond.p50, 1)} (${num(m.generatedTokensMean, 1)})`],
        ['prompt tokens evaluated per keystroke, p50 / p95', (m) => pair(m.keystrokeCost.typing, tokens)],
        ['errors', (m) => (m.errors ? `${m.errors}: ${m.firstError ?? ''}` : '0')],
      ]),
    );
  }
  const peers = Object.keys(report.ratios);
  if (peers.length > 0) {
    const metrics = Object.keys(report.ratios[peers[0]!]!);
    const pipit = report.completers.find((m) => m.role === 'pipit')?.name ?? 'Pipit';
    lines.push('', `| ${pipit} / peer | ${peers.join(' | ')} |`, `|---|${peers.map(() => '---').join('|')}|`);
    for (const metric of metrics) lines.push(`| ${metric} | ${peers.map((peer) => num(report.ratios[peer]![metric] ?? null, 3)).join(' | ')} |`);
  }
  if (report.activation) {
    const a = report.activation;
    lines.push('', `Activation (stub vscode module, median of ${a.runs} fresh processes): require dist/extension.js ${ms(a.requireMs)} ms + activate() ${ms(a.activateMs)} ms = ${ms(a.totalMs)} ms${a.error ? ` (activate threw: ${a.error})` : ''}.`);
  }
  lines.push('', '| target | measured | met |', '|---|---|---|');
  for (const target of report.targets) lines.push(`| ${target.target} | ${target.value} | ${target.met === null ? 'n/a' : target.met ? 'yes' : 'NO'} |`);
  lines.push('', `Wall time ${report.wallSeconds.toFixed(0)} s.`);
  return lines.join('\n');
}

/** Pipit's targets, checked on its first column of the main run (other Pipit columns and the peers are only reported). */
export function checkTargets(completers: CompleterMetrics[], activation: ActivationResult | null): BenchReport['targets'] {
  const pipit = completers.find((m) => m.role === 'pipit');
  const peerDefault = completers.find((m) => m.name === 'peer-default');
  const peerSpm = completers.find((m) => m.name === 'peer-spm-reuse');
  const targets: BenchReport['targets'] = [];
  if (!pipit) return targets;
  const at = (value: number | null, limit: number, strict = false) => (value === null ? null : strict ? value < limit : value <= limit);
  const cost = pipit.keystrokeCost;
  targets.push({ target: 'median prompt tokens evaluated per engine request <= 8', value: num(pipit.promptEvaluated.p50), met: at(pipit.promptEvaluated.p50, 8) });
  const noneRead = cost.typing.n === 0 && cost.cut > 0;
  targets.push({
    target: 'prompt tokens evaluated per keystroke, p50 <= 8',
    value: noneRead ? `none read its whole prompt (${cost.cut} cut short)` : withN(cost.typing, cost.typing.p50),
    met: noneRead ? false : at(cost.typing.p50, 8),
  });
  targets.push({
    target: 'prompt tokens evaluated per keystroke typing within a line, max <= 32 (once the place’s prompt was read)',
    value: `${tokens(cost.withinLineWarmMax)} (cold reads included: ${tokens(cost.withinLineMax)})`,
    met: at(cost.withinLineWarmMax, 32),
  });
  targets.push({ target: 'prompt tokens evaluated on the keystroke right after Enter, p95 <= 16', value: withN(cost.afterEnter, cost.afterEnter.p95), met: at(cost.afterEnter.p95, 16) });
  targets.push({ target: 'pipeline overhead p95 < 5 ms', value: `${ms(pipit.overheadMs.p95)} ms`, met: at(pipit.overheadMs.p95, 5, true) });
  targets.push({ target: 'typed-through and cache hits shown p95 < 5 ms', value: `${ms(pipit.reuseLatencyMs.p95)} ms`, met: at(pipit.reuseLatencyMs.p95, 5, true) });
  const versus = (peer: CompleterMetrics | undefined, share: number, label: string) => {
    const limit = peer?.latencyMs.p50 != null ? peer.latencyMs.p50 * share : null;
    targets.push({
      target: `median latency <= ${label} of ${peer?.name ?? 'peer (run with --peer)'}`,
      value: `${ms(pipit.latencyMs.p50)} ms vs ${ms(limit)} ms`,
      met: limit === null ? null : at(pipit.latencyMs.p50, limit),
    });
  };
  versus(peerSpm, 0.5, 'half');
  versus(peerDefault, 0.1, 'a tenth');
  targets.push({ target: 'extension activation < 50 ms (stub vscode)', value: activation ? `${ms(activation.totalMs)} ms` : '-', met: activation ? activation.totalMs < 50 && !activation.error : null });
  return targets;
}
