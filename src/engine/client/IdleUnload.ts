// Unloading the model after a quiet spell, to give its memory back: armed when the engine falls idle, cleared by the
// next request. The timer never keeps the extension host alive.
import type { IDisposable } from '../../common/lifecycle';

export class IdleUnload implements IDisposable {
  private timer: NodeJS.Timeout | undefined;

  /** `idleMs` 0 never unloads. */
  constructor(
    private readonly idleMs: number,
    private readonly unload: () => void,
  ) {}

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
