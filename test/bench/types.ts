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

/** One engine request as the engine reported it. */
export interface EngineRequestStat {
  /** Started by a prefetch rather than by a keystroke. */
  background: boolean;
  /** Part of the cold first request of a session, not of typing. */
  warmup: boolean;
  cancelled: boolean;
  evaluated: number;
  reused: number;
  timeToFirstTokenMs: number;
  generatedTokens: number;
  /** Generation speed after the first token, when more than one token was generated. */
  tokensPerSecond?: number;
}

export interface Completer {
  readonly name: string;
  /** A new file is opened: `extra` is what the ring of recently seen chunks holds for it. */
  openFile(file: SessionFile, extra: ContextChunk[]): void;
  complete(document: TextLines, position: Position, file: SessionFile, version: number, signal: AbortSignal): Promise<CompleterReply>;
  /** Marks the engine requests that follow as the cold start of a session (true) or as typing (false). */
  setWarmup(warmup: boolean): void;
  readonly engineRequests: EngineRequestStat[];
  /** Resolves once no engine work (a prefetch, an aborted request) is left running, so the next completer runs alone. */
  idle(): Promise<void>;
  /** Peak resident memory of the engine process (VmHWM), if it can be read. */
  peakRssBytes(): number | undefined;
  dispose(): Promise<void>;
}
