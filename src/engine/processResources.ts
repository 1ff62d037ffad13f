// What a process holds right now, for finding leaks in long sessions: its memory (now and at its peak), the timers
// and handles keeping its event loop alive, and the listeners on the emitters it owns. The engine process reports its
// own on request (the `resources` method); the long-session bench reads the client side's the same way.

export interface ProcessResources {
  rssBytes: number;
  /** Peak resident memory since the process started (getrusage's maxrss). */
  peakRssBytes: number;
  heapUsedBytes: number;
  /** Timers (`Timeout`, `Immediate`) waiting to run. */
  timers: number;
  /** Every other active resource: pipes, sockets, file requests, child processes... */
  handles: number;
  /** The active resources by kind, as `process.getActiveResourcesInfo()` names them. */
  byKind: Record<string, number>;
  /** Listeners on the process object and on the emitters the caller names, over all their events. */
  listeners: number;
}

/** An EventEmitter's listener census (node's EventEmitter and ChildProcess have both methods). */
export interface CountableEmitter {
  eventNames(): (string | symbol)[];
  listenerCount(event: string | symbol): number;
}

const TIMER_KINDS: ReadonlySet<string> = new Set(['Timeout', 'Immediate']);

export function listenerCount(emitter: CountableEmitter): number {
  return emitter.eventNames().reduce((sum, event) => sum + emitter.listenerCount(event), 0);
}

export function processResources(emitters: readonly CountableEmitter[] = []): ProcessResources {
  const byKind: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) byKind[kind] = (byKind[kind] ?? 0) + 1;
  let timers = 0;
  let handles = 0;
  for (const [kind, count] of Object.entries(byKind)) {
    if (TIMER_KINDS.has(kind)) timers += count;
    else handles += count;
  }
  const memory = process.memoryUsage();
  return {
    rssBytes: memory.rss,
    // Linux and macOS report maxRSS in kilobytes.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: memory.heapUsed,
    timers,
    handles,
    byKind,
    listeners: [process, ...emitters].reduce((sum, emitter) => sum + listenerCount(emitter), 0),
  };
}

/** Whether a worker's answer has the report's shape. */
export function isProcessResources(value: unknown): value is ProcessResources {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  const numbers = ['rssBytes', 'peakRssBytes', 'heapUsedBytes', 'timers', 'handles', 'listeners'];
  return numbers.every((key) => typeof report[key] === 'number' && Number.isFinite(report[key])) && typeof report.byKind === 'object' && report.byKind !== null;
}
