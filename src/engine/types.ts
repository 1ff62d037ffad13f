// What the completion pipeline asks of an engine, whichever engine runs (built-in node-llama-cpp worker today,
// external servers later). Plain data only: it crosses a process boundary.

/** A chunk of code from another file, offered to the model as repository-level context. */
export interface ContextChunk {
  /** Workspace-relative path, as the model should see it. */
  filePath: string;
  text: string;
}

export interface InfillRequest {
  /** Code before the cursor (already cut to its budget). */
  prefix: string;
  /** Code after the cursor (already cut to its budget). */
  suffix: string;
  /** Chunks from other files; placed early in the prompt so the KV cache keeps them across keystrokes. */
  extra?: ContextChunk[];
  /** Workspace-relative path of the current file, for families that take it. */
  filePath?: string;
  maxTokens: number;
  /** Generation stops after this long and returns what it has. */
  maxTimeMs: number;
  /** Extra stop sequences on top of the model family's own. */
  stop?: string[];
}

export type StopReason = 'eos' | 'stopSequence' | 'maxTokens' | 'maxTime' | 'cancelled';

export interface PromptStats {
  /** Prompt tokens the engine had to evaluate for this request. */
  evaluated: number;
  /** Prompt tokens whose KV cache entries were kept from the previous request. */
  reused: number;
}

export interface CompletionResult {
  text: string;
  stopReason: StopReason;
  prompt: PromptStats;
  generatedTokens: number;
  timeToFirstTokenMs: number;
  totalMs: number;
}

export interface CompletionOptions {
  signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onText?: (text: string) => void;
}

export interface CompletionEngine {
  complete(request: InfillRequest, options?: CompletionOptions): Promise<CompletionResult>;
}
