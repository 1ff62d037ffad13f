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
 * Prompt tokens evaluated per keystroke: what the engine requests a keystroke started evaluated, added up. The
 * percentiles count keystrokes whose requests read their whole prompt (a request cancelled while generating did);
 * one stopped while reading it (the next keystroke came first, or the time ran out) only says its cost was more
 * than it evaluated, so it is counted in `cut` instead, and its successor evaluates the rest. Prefetches and the
 * cold first request belong to no keystroke; a request whose cost the engine did not report is left out.
 */
export interface KeystrokeCost {
  /** Every typing keystroke: characters, Backspace, Enter, typed-through keys (not accepts, not cleanups). */
  typing: Percentiles;
  /** Typing within a line: not the first keystroke after a jump or a move to another line, not Enter. */
  withinLine: Percentiles;
  /** The most one keystroke's requests evaluated while typing within a line, cut ones included (a lower bound). */
  withinLineMax: number | null;
  /**
   * The same, over keystrokes made once the place's prompt was read: the keystroke before it (since the last jump or
   * move) read its whole prompt. What a keystroke costs in the layout, apart from reading a cold prompt after a jump.
   */
  withinLineWarmMax: number | null;
  /** The keystroke right after Enter. */
  afterEnter: Percentiles;
  enter: Percentiles;
  /** The first keystroke after a jump or a move to another line. */
  moved: Percentiles;
  /** Typing keystrokes whose requests were stopped while reading their prompt. */
  cut: number;
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

/** The value at quantile `q` (nearest rank) of `values`; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: null, p95: null, max: null };
  return { n: values.length, p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) };
}

export interface KeystrokePromptCost {
  class: KeystrokeClass;
  evaluated: number;
  /** One of its requests stopped while reading its prompt: `evaluated` is a lower bound. */
  cut: boolean;
}

/** Each keystroke's class and the prompt tokens its engine requests evaluated, added up. */
export function promptCostPerKeystroke(engine: EngineRequestStat[]): Map<number, KeystrokePromptCost> {
  const costs = new Map<number, KeystrokePromptCost>();
  for (const request of engine) {
    if (!request.keystroke || request.warmup || request.costUnknown) continue;
    const cost = costs.get(request.keystroke.id) ?? { class: request.keystroke.class, evaluated: 0, cut: false };
    cost.evaluated += request.evaluated;
    cost.cut ||= request.promptCut === true;
    costs.set(request.keystroke.id, cost);
  }
  return costs;
}

const TYPING: KeystrokeClass[] = ['line', 'moved', 'enter', 'afterEnter'];
const WITHIN_LINE: KeystrokeClass[] = ['line', 'afterEnter'];

export function keystrokeCost(engine: EngineRequestStat[]): KeystrokeCost {
  const costs = [...promptCostPerKeystroke(engine).entries()]
    .sort(([a], [b]) => a - b)
    .map(([, cost]) => cost)
    .filter((cost) => TYPING.includes(cost.class));
  const complete = costs.filter((cost) => !cost.cut);
  const of = (classes: KeystrokeClass[]) => percentiles(complete.filter((cost) => classes.includes(cost.class)).map((cost) => cost.evaluated));
  const withinLine = costs.filter((cost) => WITHIN_LINE.includes(cost.class)).map((cost) => cost.evaluated);
  const warm: number[] = [];
  let read = false;
  for (const cost of costs) {
    if (cost.class === 'moved') read = false;
    else if (read && WITHIN_LINE.includes(cost.class)) warm.push(cost.evaluated);
    read = !cost.cut && (read || cost.class === 'moved' || WITHIN_LINE.includes(cost.class) || cost.class === 'enter');
  }
  return {
    typing: of(TYPING),
    withinLine: of(WITHIN_LINE),
    withinLineMax: withinLine.length > 0 ? Math.max(...withinLine) : null,
    withinLineWarmMax: warm.length > 0 ? Math.max(...warm) : null,
    afterEnter: of(['afterEnter']),
    enter: of(['enter']),
    moved: of(['moved']),
    cut: costs.length - complete.length,
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
