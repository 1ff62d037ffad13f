// Sorts the replay's keystrokes by what they do to the prompt: typing within a line, Enter, the keystroke right
// after Enter, the first one after the cursor went elsewhere, or no typing at all (an accept, a cleanup).
import type { KeystrokeClass } from './types';

export class KeystrokeClassifier {
  private moved = true;
  private afterEnter = false;

  /** The cursor went elsewhere: a jump, or arrow keys to another line. */
  cursorMoved(): void {
    this.moved = true;
    this.afterEnter = false;
  }

  /** The class of the keystroke being made: `enter` is Enter, `other` is not typing. */
  next(kind: 'type' | 'enter' | 'other'): KeystrokeClass {
    const result: KeystrokeClass = kind !== 'type' ? kind : this.moved ? 'moved' : this.afterEnter ? 'afterEnter' : 'line';
    this.moved = false;
    this.afterEnter = kind === 'enter';
    return result;
  }
}
