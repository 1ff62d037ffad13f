// What the replay asks of a completer (Pipit's pipeline, or llama-server with llama.vscode's requests), and the
// measurements each one hands back.
import type { CompletionItem, Position, TextLines } from '../../src/completion/types';
import type { ContextChunk } from '../../src/engine/types';

/** One file typed in a session: a real source file not written by this project. */
export interface SessionFile {
  /** Path shown to the model, e.g. `mocha/lib/runner.js`. */
  relativePath: string;
  /** Where the file was read from. */
  origin: string;
  languageId: string;
  text: string;
}

/** How one request ended; `shown` means items came back before the next keystroke. */
export type ReplyKind = 'shown' | 'typedThrough' | 'cache' | 'empty' | 'cancelled' | 'error' | 'skipped';

export interface CompleterReply {
  items: CompletionItem[];
  kind: ReplyKind;
  /** Time in the completer minus time awaiting the engine (Pipit only). */
  overheadMs?: number;
  error?: string;
}

/**
 * What a keystroke was, for the prompt cost per keystroke: `line` typing within a line (characters, Backspace,
 * typed-through keys), `moved` the first keystroke after a jump or after the cursor moved to another line, `enter`
 * Enter, `afterEnter` the keystroke right after Enter, `other` what is not typing (accepting a suggestion, deleting
 * what the editor inserted and the code does not have).
 */
export type KeystrokeClass = 'line' | 'moved' | 'enter' | 'afterEnter' | 'other';

export interface Keystroke {
  /** Unique in the process, so requests of one keystroke can be added up. */
  id: number;
  class: KeystrokeClass;
}

/** One engine request as the engine reported it. */
export interface EngineRequestStat {
  /** Started by a prefetch rather than by a keystroke. */
  background: boolean;
  /** Part of the cold first request of a session, not of typing. */
  warmup: boolean;
  cancelled: boolean;
  /** Prompt tokens evaluated (for a request cut short: as far as it got). */
  evaluated: number;
  /**
   * Stopped (cancelled, or out of time) before it had read its whole prompt: its prompt cost was more than
   * `evaluated`, and the engine does not say how much more.
   */
  promptCut?: boolean;
  /** The engine did not say what this request cost (llama-server, aborted: it may still be evaluating it). */
  costUnknown?: boolean;
  reused: number;
  timeToFirstTokenMs: number;
  generatedTokens: number;
  /** Why generation ended, as the engine said (Pipit only). */
  stopReason?: string;
  /** Generation speed after the first token, when more than one token was generated. */
  tokensPerSecond?: number;
  /** The keystroke whose request this was; absent for a prefetch and for the cold first request. */
  keystroke?: Keystroke;
}

export interface Completer {
  readonly name: string;
  /** A new file is opened: `extra` is what the ring of recently seen chunks holds for it. */
  openFile(file: SessionFile, extra: ContextChunk[]): void;
  complete(document: TextLines, position: Position, file: SessionFile, version: number, signal: AbortSignal, keystroke?: Keystroke): Promise<CompleterReply>;
  /** The cursor came to rest at a new place (a jump): what the editor glue does then (Pipit reads the place ahead). */
  rest?(document: TextLines, position: Position, file: SessionFile, version: number): void;
  /** Marks the engine requests that follow as the cold start of a session (true) or as typing (false). */
  setWarmup(warmup: boolean): void;
  readonly engineRequests: EngineRequestStat[];
  /** Resolves once no engine work (a prefetch, an aborted request) is left running, so the next completer runs alone. */
  idle(): Promise<void>;
  /** Peak resident memory of the engine process (VmHWM), if it can be read. */
  peakRssBytes(): number | undefined;
  dispose(): Promise<void>;
}
