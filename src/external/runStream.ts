// Runs one streamed generation against a server: forwards text as it arrives, applies stop sequences on the text
// (and aborts the HTTP request once one matched, so the server stops too), ends at `maxTimeMs` with what it has, and
// resolves `cancelled` when the caller aborts, which also aborts the HTTP request.
import { StopMatcher } from '../engine/stopMatcher';
import type { CompletionResult, PromptStats, StopReason } from '../engine/types';
import { isExternalEngineError } from './ExternalEngineError';

export interface StreamEvent {
  text?: string;
  /** The server's last word: why it stopped and its counts, where it gives them. */
  end?: { stopReason?: StopReason; prompt?: PromptStats; generatedTokens?: number };
}

export interface RunOptions {
  signal?: AbortSignal;
  onText?: (text: string) => void;
  maxTimeMs: number;
  stop?: readonly string[];
  now?: () => number;
}

type Ending = 'cancelled' | 'maxTime' | 'stopSequence';

export async function runStream(
  open: (signal: AbortSignal) => Promise<AsyncIterable<StreamEvent>>,
  options: RunOptions,
): Promise<CompletionResult> {
  const now = options.now ?? performance.now.bind(performance);
  const started = now();
  const controller = new AbortController();
  let ending: Ending | undefined;
  const end = (why: Ending) => {
    ending ??= why;
    controller.abort();
  };
  const onAbort = () => end('cancelled');
  if (options.signal?.aborted) return emptyResult('cancelled', 0);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => end('maxTime'), options.maxTimeMs);

  const matcher = new StopMatcher(options.stop ?? []);
  let text = '';
  let firstTokenAt: number | undefined;
  let chunks = 0;
  let last: StreamEvent['end'];
  const emit = (piece: string) => {
    if (piece === '') return;
    text += piece;
    options.onText?.(piece);
  };
  try {
    const events = await open(controller.signal);
    for await (const event of events) {
      if (event.text) {
        firstTokenAt ??= now();
        chunks++;
        const step = matcher.push(event.text);
        emit(step.emit);
        if (step.stopped) {
          end('stopSequence');
          break;
        }
      }
      if (event.end) last = event.end;
    }
    emit(matcher.flush());
  } catch (error) {
    // Aborting makes fetch and the body reader throw; that is how every ending but the server's own arrives.
    if (!ending || (isExternalEngineError(error) && !controller.signal.aborted)) throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const totalMs = now() - started;
  return {
    text: ending === 'cancelled' ? '' : text,
    stopReason: ending ?? last?.stopReason ?? 'eos',
    prompt: last?.prompt ?? { evaluated: 0, reused: 0 },
    generatedTokens: last?.generatedTokens ?? chunks,
    timeToFirstTokenMs: (firstTokenAt ?? now()) - started,
    totalMs,
  };
}

function emptyResult(stopReason: StopReason, totalMs: number): CompletionResult {
  return { text: '', stopReason, prompt: { evaluated: 0, reused: 0 }, generatedTokens: 0, timeToFirstTokenMs: totalMs, totalMs };
}
