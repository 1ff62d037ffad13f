// Unloading the model after a quiet spell, to give its memory back: armed when the engine falls idle, cleared by the
// next request. The timer never keeps the extension host alive.
import type { IDisposable } from '../../common/lifecycle';

export class IdleUnload implements IDisposable {
  private timer: NodeJS.Timeout | undefined;

  /** `idleMs` 0 never unloads. */
  constructor(
    private idleMs: number,
    private readonly unload: () => void,
  ) {}

  /** A new quiet spell (`pipit.idleUnloadMinutes` changed); a timer already armed restarts with it. */
  setIdleMs(idleMs: number): void {
    this.idleMs = idleMs;
    if (this.timer) this.arm();
  }

  get idleMsNow(): number {
    return this.idleMs;
  }

  arm(): void {
    this.clear();
    if (this.idleMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.unload();
    }, this.idleMs);
    this.timer.unref?.();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clear();
  }
}
