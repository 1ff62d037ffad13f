// The chat's context sequence, created when Explain is used and let go after a quiet time. A context's KV cache holds
// `contextSize` cells per sequence, so a chat sequence created at load would hold its cells (and its share of the
// compute buffers) for the whole session, used or not.
import type { LlamaContext, LlamaContextSequence } from './llamaCpp';

export interface SequenceLease {
  sequence: LlamaContextSequence;
  /** Call once the request is done with the sequence. */
  release(): void;
}

/** Where a chat gets its sequence: `contextSize` is known before the sequence exists (prompts are fitted to it). */
export interface SequenceSource {
  readonly contextSize: number;
  acquire(): Promise<SequenceLease>;
  dispose(): Promise<void>;
}

/** A sequence that always exists (a separately loaded chat model's own context). */
export function fixedSequence(sequence: LlamaContextSequence): SequenceSource {
  return {
    contextSize: sequence.contextSize,
    acquire: async () => ({ sequence, release: () => undefined }),
    dispose: async () => undefined,
  };
}

/**
 * A one-sequence context created by `create` on the first `acquire`, kept while leases are out and for `idleMs` after
 * the last one is released (so a follow-up question reuses the cached conversation), then disposed.
 */
export class OnDemandSequence implements SequenceSource {
  private opened: Promise<{ context: LlamaContext; sequence: LlamaContextSequence }> | undefined;
  private leases = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    readonly contextSize: number,
    private readonly create: () => Promise<LlamaContext>,
    private readonly idleMs: number,
    private readonly onClosed: () => void = () => undefined,
  ) {}

  /** Whether the context exists now (tests and the log). */
  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  async acquire(): Promise<SequenceLease> {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.leases++;
    let opened: { context: LlamaContext; sequence: LlamaContextSequence };
    try {
      this.opened ??= this.create().then((context) => ({ context, sequence: context.getSequence() }));
      opened = await this.opened.catch((error: unknown) => {
        this.opened = undefined;
        throw error;
      });
    } catch (error) {
      this.release();
      throw error;
    }
    let released = false;
    return {
      sequence: opened.sequence,
      release: () => {
        if (released) return;
        released = true;
        this.release();
      },
    };
  }

  async dispose(): Promise<void> {
    clearTimeout(this.idle);
    this.idle = undefined;
    await this.close();
  }

  private release(): void {
    this.leases--;
    if (this.leases > 0 || !this.opened) return;
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    // The engine process must be free to exit while nothing but this timer is pending.
    this.idle.unref();
  }

  private async close(): Promise<void> {
    this.idle = undefined;
    const opened = this.opened;
    if (!opened || this.leases > 0) return;
    this.opened = undefined;
    const { context } = await opened.catch(() => ({ context: undefined }));
    if (context && !context.disposed) await context.dispose();
    this.onClosed();
  }
}
