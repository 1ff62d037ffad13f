// A fake engine: no model can run in a unit test, so this stands in for one. It answers from a script (a function
// of the request) and counts the requests, which is what the pipeline tests assert on. Scripts and `requests` see
// the code before the cursor as `prefix` (prefix + middle of the real request); `asked` keeps the requests as sent.

import type { CompletionEngine, CompletionOptions, CompletionResult, InfillRequest, StopReason } from '../../../src/engine/types';

/** The answer to a request: its text (ended by the model itself), or text with the reason generation ended. */
export type Script = (request: InfillRequest) => string | { text: string; stopReason: StopReason };

export class FakeEngine implements CompletionEngine {
  readonly requests: InfillRequest[] = [];
  /** The requests exactly as the pipeline sent them (prefix and middle apart). */
  readonly asked: InfillRequest[] = [];
  /** Whether each request (by number) was aborted by the time it answered. */
  readonly cancelled: boolean[] = [];
  /** Requests (by number, from 0) that wait for release(): to test cancellation and prefetch timing. */
  private readonly held = new Set<number>();
  private gate: Promise<void>;
  private open!: () => void;

  constructor(private readonly script: Script) {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** Makes request number `index` (counting from 0) wait until release() is called. */
  holdRequest(index: number): void {
    this.held.add(index);
  }

  release(): void {
    this.held.clear();
    this.open();
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  async complete(sent: InfillRequest, options?: CompletionOptions): Promise<CompletionResult> {
    this.asked.push(sent);
    const { middle: _middle, ...rest } = sent;
    const request: InfillRequest = { ...rest, prefix: sent.prefix + (sent.middle ?? '') };
    const index = this.requests.push(request) - 1;
    if (this.held.has(index)) await this.gate;
    const cancelled = options?.signal?.aborted ?? false;
    this.cancelled[index] = cancelled;
    const answer = cancelled ? '' : this.script(request);
    const { text, stopReason } = typeof answer === 'string' ? { text: answer, stopReason: 'eos' as const } : answer;
    options?.onText?.(text);
    return {
      text,
      stopReason: cancelled ? 'cancelled' : stopReason,
      prompt: { evaluated: request.prefix.length, reused: 0 },
      generatedTokens: text.length,
      timeToFirstTokenMs: 5,
      totalMs: 10,
      // It stands in for the model the catalog recommends.
      family: 'qwen2.5-coder',
    };
  }
}

/** A script that writes `answer` minus whatever of it the prefix already ends with (a model that knows the line). */
export function completesTo(answer: string): Script {
  return (request) => {
    for (let typed = Math.min(answer.length, request.prefix.length); typed > 0; typed--) {
      if (request.prefix.endsWith(answer.slice(0, typed))) return answer.slice(typed);
    }
    return answer;
  };
}
