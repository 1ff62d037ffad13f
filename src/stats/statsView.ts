// What the stats panel draws, as data: tiles of numbers and the geometry of a latency histogram. The webview
// script only creates elements from this (text nodes and SVG rects), so all the arithmetic is tested here.
import type { StatsSummary } from './summarize';

export interface Tile {
  label: string;
  value: string;
  hint?: string;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  count: number;
}

export interface ChartView {
  title: string;
  width: number;
  height: number;
  /** Height of the plotting area (bars grow up from its bottom); labels go below it. */
  plotHeight: number;
  bars: Bar[];
  maxCount: number;
}

export interface StatsView {
  tiles: Tile[];
  chart: ChartView;
  /** Sentences under the chart: what is counted how, and what is still unmeasured. */
  notes: string[];
  empty: boolean;
}

const WIDTH = 560;
const HEIGHT = 200;
const PLOT_HEIGHT = 160;
const GAP = 8;

export function statsView(summary: StatsSummary, adaptNote?: string): StatsView {
  const percent = (rate: number | undefined) => (rate === undefined ? '—' : `${Math.round(rate * 100)}%`);
  const ms = (value: number | undefined) => (value === undefined ? '—' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
  const tiles: Tile[] = [
    { label: 'Acceptance', value: percent(summary.acceptanceRate), hint: `${summary.accepted} of ${summary.suggestionsShown} suggestions accepted` },
    { label: 'Latency p50', value: ms(summary.latencyMs.p50), hint: `engine only: ${ms(summary.engineLatencyMs.p50)}` },
    { label: 'Latency p95', value: ms(summary.latencyMs.p95), hint: `engine only: ${ms(summary.engineLatencyMs.p95)}` },
    { label: 'Cache hits', value: percent(summary.cacheHitRate), hint: 'of answered requests' },
    { label: 'Typed through', value: percent(summary.typedThroughRate), hint: 'answered with no model call' },
    {
      label: 'Generation',
      value: summary.tokensPerSecond === undefined ? '—' : `${summary.tokensPerSecond.toFixed(1)} tok/s`,
      hint: summary.promptTokensPerSecond === undefined ? 'prompt: —' : `prompt: ${Math.round(summary.promptTokensPerSecond)} tok/s`,
    },
  ];
  const buckets = summary.latencyHistogram;
  const maxCount = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const barWidth = (WIDTH - GAP * (buckets.length + 1)) / buckets.length;
  const bars = buckets.map((bucket, index) => {
    const height = Math.round((bucket.count / maxCount) * (PLOT_HEIGHT - 16));
    return { x: Math.round(GAP + index * (barWidth + GAP)), y: PLOT_HEIGHT - height, width: Math.round(barWidth), height, label: bucket.label, count: bucket.count };
  });
  const notes = [
    `${summary.requests} requests: ${summary.served} answered, ${summary.skipped} skipped, ${summary.empty} filtered empty, ${summary.cancelled} cancelled, ${summary.errors} errors; ${summary.prefetches} prefetches.`,
    'A suggestion counts as accepted when it is accepted whole (Tab); partial accepts are not counted.',
    'These numbers stay on this machine: nothing is sent anywhere.',
    ...(adaptNote ? [adaptNote] : []),
  ];
  return {
    tiles,
    chart: { title: 'Time to a suggestion', width: WIDTH, height: HEIGHT, plotHeight: PLOT_HEIGHT, bars, maxCount },
    notes,
    empty: summary.requests === 0,
  };
}
