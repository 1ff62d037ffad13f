// What "explain selection" asks of a chat-capable engine, and the plain data that flows between its parts.
// No `vscode` here: the engine runs in a worker and the panel in a webview; only plain data crosses either line.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** How the engine ran the request: through the model's own chat template, or as plain text continuation. */
export type ChatMode = 'chat-template' | 'completion-style';

/**
 * Both shapes of one request. Only the engine knows whether the loaded model carries a chat template, so it gets
 * both and reports in `ChatResult.mode` which one it ran (a base model gets `completion`).
 */
export interface ChatRequest {
  messages: ChatMessage[];
  completion: {
    prompt: string;
    /** Text that ends the answer of a base model, which has no end-of-turn token to stop at. */
    stop: string[];
  };
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onText?: (text: string) => void;
  maxTokens?: number;
}

export interface ChatResult {
  text: string;
  /** 'eos' | 'stopSequence' | 'maxTokens' | 'maxTime' | 'cancelled', or whatever else the engine reports. */
  stopReason: string;
  timeToFirstTokenMs: number;
  totalMs: number;
  /** The model's name, as the user would recognise it (file name or GGUF general.name). */
  model: string;
  mode: ChatMode;
}

export interface ChatEngine {
  /** Resolves with what was generated, also when `signal` aborts it (stopReason 'cancelled'); rejects on failure. */
  chat(request: ChatRequest, options: ChatOptions): Promise<ChatResult>;
}

/** Lines are 0-based; `endLine` is inclusive. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/** What the user asked to explain and how it was chosen. */
export type TargetKind = 'selection' | 'function' | 'line';

export interface ExplainTarget {
  kind: TargetKind;
  /** Workspace-relative path (or the untitled name), as the model and the user should see it. */
  filePath: string;
  languageId: string;
  range: LineRange;
  code: string;
  /** Name of the function when `kind` is 'function' and it is known. */
  name?: string;
}

/** The surroundings of the target that help the model: signatures it sits in, imports it uses. */
export interface TargetContext {
  /** Header lines of the blocks the code sits in, outermost first (`class Cart {`, `def total(self):`). */
  enclosing: string[];
  /** Import statements of the file whose names the code uses. */
  imports: string[];
}
