// From raw samples to the reported numbers: one summary per completer, and Pipit's ratio to each peer.
import type { SessionResult } from './replaySession';
import type { EngineRequestStat, KeystrokeClass } from './types';

export interface Percentiles {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Pipit as it is (its targets are checked), Pipit with another design choice beside it, or llama-server. */
export type CompleterRole = 'pipit' | 'pipitCompare' | 'peer';

/**
 * Prompt tokens evaluated per keystroke: what the engine requests a keystroke started evaluated, added up. Counted
 * over keystrokes whose requests reached the engine and said what they cost (cancelled ones as far as they got);
 * prefetches and the cold first request belong to no keystroke.
 */
export interface KeystrokeCost {
  /** Every typing keystroke: characters, Backspace, Enter, typed-through keys (not accepts, not cleanups). */
  typing: Percentiles;
  /** Typing within a line: not the first keystroke after a jump or a move to another line, not Enter. */
  withinLine: Percentiles;
  /** The keystroke right after Enter. */
  afterEnter: Percentiles;
  enter: Percentiles;
  /** The first keystroke after a jump or a move to another line. */
  moved: Percentiles;
}

export interface CompleterMetrics {
  name: string;
  role: CompleterRole;
  /** Tokens generated at most per request. */
  maxTokens: number;
  sessions: number;
  keystrokes: number;
  /** Requests made while typing (the cold first request of each session is not one). */
  requests: number;
  shown: number;
  accepted: number;
  typedThroughKeys: number;
  /** Last keystroke to a shown suggestion. */
  latencyMs: Percentiles;
  /** The same, for suggestions served by typed-through reuse or the cache (a prefetch's result included). */
  reuseLatencyMs: Percentiles;
  reuseShown: number;
  /** The session's first request, on a cold cache. */
  coldMs: Percentiles;
  engineRequestsPer100Keystrokes: number;
  /** Per completed engine request while typing (prefetches included). */
  promptEvaluated: Percentiles;
  promptReused: Percentiles;
  keystrokeCost: KeystrokeCost;
  timeToFirstTokenMs: Percentiles;
  tokensPerSecond: Percentiles;
  generatedTokensMean: number | null;
  /** Time in the completer minus time awaiting the engine (Pipit only). */
  overheadMs: Percentiles;
  peakRssMb: number | null;
  /** CPU time of the benchmark process (the extension side) per keystroke, and in all. */
  cpuMsPerKeystroke: number;
  cpuMs: number;
  errors: number;
  firstError?: string;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

/** Each keystroke's class and the prompt tokens its engine requests evaluated, added up. */
export function promptCostPerKeystroke(engine: EngineRequestStat[]): Map<number, { class: KeystrokeClass; evaluated: number }> {
  const costs = new Map<number, { class: KeystrokeClass; evaluated: number }>();
  for (const request of engine) {
    if (!request.keystroke || request.warmup || request.costUnknown) continue;
    const cost = costs.get(request.keystroke.id) ?? { class: request.keystroke.class, evaluated: 0 };
    cost.evaluated += request.evaluated;
    costs.set(request.keystroke.id, cost);
  }
  return costs;
}

export function keystrokeCost(engine: EngineRequestStat[]): KeystrokeCost {
  const costs = [...promptCostPerKeystroke(engine).values()];
  const of = (...classes: KeystrokeClass[]) => percentiles(costs.filter((cost) => classes.includes(cost.class)).map((cost) => cost.evaluated));
  return {
    typing: of('line', 'moved', 'enter', 'afterEnter'),
    withinLine: of('line', 'afterEnter'),
    afterEnter: of('afterEnter'),
    enter: of('enter'),
    moved: of('moved'),
  };
}

export interface ColumnInfo {
  name: string;
  role: CompleterRole;
  maxTokens: number;
}

export function summarize(column: ColumnInfo, sessions: SessionResult[], engine: EngineRequestStat[], peakRssBytes: number | undefined): CompleterMetrics {
  const samples = sessions.flatMap((session) => session.samples);
  const shown = samples.filter((sample) => sample.shown);
  const reuse = shown.filter((sample) => sample.kind === 'typedThrough' || sample.kind === 'cache');
  const typing = engine.filter((request) => !request.warmup);
  const completed = typing.filter((request) => !request.cancelled);
  const keystrokes = sum(sessions.map((session) => session.keystrokes));
  const cpuMs = sum(sessions.map((session) => session.cpuMs));
  const errors = samples.filter((sample) => sample.kind === 'error');
  return {
    ...column,
    sessions: sessions.length,
    keystrokes,
    requests: samples.length,
    shown: shown.length,
    accepted: sum(sessions.map((session) => session.accepted)),
    typedThroughKeys: sum(sessions.map((session) => session.typedThroughKeys)),
    latencyMs: percentiles(shown.map((sample) => sample.latencyMs)),
    reuseLatencyMs: percentiles(reuse.map((sample) => sample.latencyMs)),
    reuseShown: reuse.length,
    coldMs: percentiles(sessions.map((session) => session.coldMs)),
    engineRequestsPer100Keystrokes: keystrokes > 0 ? (typing.length * 100) / keystrokes : 0,
    promptEvaluated: percentiles(completed.map((request) => request.evaluated)),
    promptReused: percentiles(completed.map((request) => request.reused)),
    keystrokeCost: keystrokeCost(typing),
    timeToFirstTokenMs: percentiles(completed.map((request) => request.timeToFirstTokenMs)),
    tokensPerSecond: percentiles(completed.flatMap((request) => (request.tokensPerSecond !== undefined ? [request.tokensPerSecond] : []))),
    generatedTokensMean: completed.length > 0 ? sum(completed.map((request) => request.generatedTokens)) / completed.length : null,
    overheadMs: percentiles(samples.flatMap((sample) => (sample.overheadMs !== undefined && sample.kind !== 'cancelled' ? [sample.overheadMs] : []))),
    peakRssMb: peakRssBytes !== undefined ? peakRssBytes / 2 ** 20 : null,
    cpuMsPerKeystroke: keystrokes > 0 ? cpuMs / keystrokes : 0,
    cpuMs,
    errors: errors.length,
    ...(errors[0]?.error ? { firstError: errors[0].error } : {}),
  };
}

/** Pipit divided by the peer, for the metrics where both have a value (below 1: Pipit is lower). */
export function ratios(pipit: CompleterMetrics, peer: CompleterMetrics): Record<string, number | null> {
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b !== 0 ? a / b : null);
  return {
    'latency p50': ratio(pipit.latencyMs.p50, peer.latencyMs.p50),
    'latency p95': ratio(pipit.latencyMs.p95, peer.latencyMs.p95),
    'cold first request p50': ratio(pipit.coldMs.p50, peer.coldMs.p50),
    'engine requests / 100 keys': ratio(pipit.engineRequestsPer100Keystrokes, peer.engineRequestsPer100Keystrokes),
    'prompt tokens evaluated p50': ratio(pipit.promptEvaluated.p50, peer.promptEvaluated.p50),
    'prompt tokens evaluated p95': ratio(pipit.promptEvaluated.p95, peer.promptEvaluated.p95),
    'prompt tokens evaluated per keystroke p50': ratio(pipit.keystrokeCost.typing.p50, peer.keystrokeCost.typing.p50),
    'time to first token p50': ratio(pipit.timeToFirstTokenMs.p50, peer.timeToFirstTokenMs.p50),
    'generation tok/s p50': ratio(pipit.tokensPerSecond.p50, peer.tokensPerSecond.p50),
    'shown / requests': ratio(pipit.shown / Math.max(1, pipit.requests), peer.shown / Math.max(1, peer.requests)),
    'engine peak RSS': ratio(pipit.peakRssMb, peer.peakRssMb),
    'extension-side CPU / keystroke': ratio(pipit.cpuMsPerKeystroke, peer.cpuMsPerKeystroke),
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
