// Text-level stop sequences over a stream: emits text as soon as it cannot be the start of a stop sequence, holds back
// a possible partial match, and never emits any part of a stop sequence that matched.

export interface StopStep {
  /** Text that is safe to show now. */
  emit: string;
  /** A stop sequence matched; nothing after it is emitted. */
  stopped: boolean;
}

export class StopMatcher {
  private readonly stops: string[];
  private held = '';
  private done = false;

  constructor(stops: readonly string[]) {
    this.stops = [...new Set(stops.filter((stop) => stop.length > 0))];
  }

  push(text: string): StopStep {
    if (this.done) return { emit: '', stopped: true };
    const buffer = this.held + text;
    let first = -1;
    for (const stop of this.stops) {
      const at = buffer.indexOf(stop);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    if (first !== -1) {
      this.done = true;
      this.held = '';
      return { emit: buffer.slice(0, first), stopped: true };
    }
    const hold = this.partialMatchLength(buffer);
    this.held = buffer.slice(buffer.length - hold);
    return { emit: buffer.slice(0, buffer.length - hold), stopped: false };
  }

  /** The held-back text, once the stream ended without a stop sequence. */
  flush(): string {
    const rest = this.done ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** Length of the longest end of `buffer` that is a proper start of some stop sequence. */
  private partialMatchLength(buffer: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, buffer.length); length > longest; length--) {
        if (buffer.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
