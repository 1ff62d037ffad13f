// Records what each explanation did on its way through the engine: how much text streamed, which engine answered
// and how it ended. The extension exports the records (read-only) so a test can prove an explanation really ran
// and streamed from the local engine, instead of waiting and hoping.
import { pushRecent } from '../common/recent';
import type { ChatEngine, ChatOptions, ChatRequest, ChatResult } from './types';

export interface ExplanationRecord {
  /** Text pieces streamed through `onText`, and their characters. */
  streamedChunks: number;
  streamedChars: number;
  /** Set when the answer ended: the engine that answered (when the router says), and why it stopped. */
  engine?: string;
  stopReason?: string;
  error?: string;
  /** The answer's token limit the engine was given (pipit.explain.maxTokens). */
  maxTokens?: number;
  done: boolean;
}

export function recordedChatEngine(engine: ChatEngine, records: ExplanationRecord[], keep = 20): ChatEngine {
  return {
    async chat(request: ChatRequest, options: ChatOptions): Promise<ChatResult> {
      const record: ExplanationRecord = { streamedChunks: 0, streamedChars: 0, done: false, ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }) };
      pushRecent(records, record, keep);
      try {
        const result = await engine.chat(request, {
          ...options,
          onText: (text) => {
            record.streamedChunks++;
            record.streamedChars += text.length;
            options.onText?.(text);
          },
        });
        const answeredBy = (result as ChatResult & { engine?: unknown }).engine;
        if (typeof answeredBy === 'string') record.engine = answeredBy;
        record.stopReason = result.stopReason;
        return result;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        record.done = true;
      }
    },
  };
}
