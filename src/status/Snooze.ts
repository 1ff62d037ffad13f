// Snoozing suggestions for a while, or until VS Code restarts (kept in memory on purpose).

export class Snooze {
  private until: number | undefined;

  constructor(private readonly now: () => number) {}

  /** Epoch ms until which suggestions are snoozed, Infinity until restart; undefined when not snoozed. */
  get snoozedUntil(): number | undefined {
    return this.until !== undefined && this.until > this.now() ? this.until : undefined;
  }

  forMinutes(minutes: number): void {
    this.until = this.now() + minutes * 60_000;
  }

  untilRestart(): void {
    this.until = Infinity;
  }

  resume(): void {
    this.until = undefined;
  }
}
