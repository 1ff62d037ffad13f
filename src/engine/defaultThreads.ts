// How many CPU threads the model gets by default: all cores but one (the editor must stay responsive), at least one,
// and no more than 8, beyond which llama.cpp's token generation is limited by memory bandwidth, not cores. Measured in
// a real VS Code on 2 cores (docs/performance.md, "In a real VS Code"): one thread gave ghost text at p50 484 ms, two
// threads 720 ms, since the workbench needs a core while the user types.

const MAX_DEFAULT_THREADS = 8;

export function defaultThreads(cores: number): number {
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Math.floor(cores) - 1));
}

/** The thread count to use: an explicit positive request wins (capped at the core count), else the default. */
export function resolveThreads(requested: number | undefined, cores: number): number {
  if (requested !== undefined && Number.isFinite(requested) && requested >= 1) {
    return Math.max(1, Math.min(Math.floor(requested), Math.max(1, Math.floor(cores))));
  }
  return defaultThreads(cores);
}
