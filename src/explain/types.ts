// What "explain selection" asks of a chat-capable engine, and the plain data that flows between its parts.
// No `vscode` here: the engine runs in a worker and the panel in a webview; only plain data crosses either line.

// The chat shapes are the engine's own (src/engine/types.ts); explain needs only part of its result.
import type { ChatOptions, ChatRequest, ChatResult as EngineChatResult } from '../engine/types';

export type { ChatMessage, ChatMode, ChatOptions, ChatRequest, ChatRole } from '../engine/types';

/** What the panel shows of an answer. */
export type ChatResult = Pick<EngineChatResult, 'text' | 'timeToFirstTokenMs' | 'totalMs' | 'model' | 'mode' | 'shortened'> & {
  /** 'eos' | 'stopSequence' | 'maxTokens' | 'maxTime' | 'cancelled', or whatever else the engine reports. */
  stopReason: string;
};

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
