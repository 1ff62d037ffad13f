// Adapts suggestion length to the machine's measured speed: on a slow machine a suggestion is shortened (fewer
// tokens, one line) so it finishes inside `maxTimeMs` instead of being cut off or timing out. Pure; the pipeline's
// settings source calls it on every request with the latest measurement.
import type { Settings } from '../config/settings';
import { median } from './percentile';
import type { GenerationSample } from './types';

export interface MeasuredSpeed {
  /** Median decoding speed of recent generations. */
  tokensPerSecond: number;
  samples: number;
}

/** Fewer samples than this and the speed is not trusted (the first requests include warm-up). */
export const MIN_SAMPLES = 5;
/** Recent generations the median is taken over: slow enough to ignore one hiccup, quick to follow a change. */
const SPEED_WINDOW = 20;
/** Below this speed suggestions are kept to one line. */
const SINGLE_LINE_BELOW_TPS = 8;
/** Never shorten below this: a shorter suggestion is rarely worth the keystroke. */
const MIN_MAX_TOKENS = 8;
/** Share of `maxTimeMs` the generation may use; the rest is left for the prompt and the filters. */
const GENERATION_SHARE = 0.75;

export function measuredSpeed(samples: readonly GenerationSample[]): MeasuredSpeed | undefined {
  const usable = samples.filter((sample) => sample.generatedTokens >= 4 && sample.decodeMs > 0).slice(-SPEED_WINDOW);
  if (usable.length === 0) return undefined;
  const speeds = usable.map((sample) => ((sample.generatedTokens - 1) / sample.decodeMs) * 1000);
  return { tokensPerSecond: median(speeds)!, samples: usable.length };
}

export interface Adapted {
  settings: Settings;
  /** For the status bar tooltip when something was changed; undefined when the settings stand as they are. */
  note?: string;
}

export function adaptSettings(settings: Settings, measured: MeasuredSpeed | undefined): Adapted {
  if (!measured || measured.samples < MIN_SAMPLES || measured.tokensPerSecond <= 0) return { settings };
  const tps = measured.tokensPerSecond;
  const affordable = Math.floor(tps * (settings.maxTimeMs / 1000) * GENERATION_SHARE);
  const maxTokens = Math.min(settings.maxTokens, Math.max(MIN_MAX_TOKENS, affordable));
  // An explicit `always` is the user's choice; `auto` is ours to narrow.
  const singleLine = tps < SINGLE_LINE_BELOW_TPS && settings.multiline === 'auto';
  if (maxTokens === settings.maxTokens && !singleLine) return { settings };
  const adapted: Settings = { ...settings, maxTokens, ...(singleLine ? { multiline: 'never' } : {}) };
  const parts = [maxTokens < settings.maxTokens ? `at most ${maxTokens} tokens` : undefined, singleLine ? 'one line' : undefined].filter(Boolean);
  return {
    settings: adapted,
    note: `Slow machine (${tps.toFixed(1)} tokens/s): suggestions shortened to ${parts.join(', ')} so they finish within ${formatSeconds(settings.maxTimeMs)}.`,
  };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
