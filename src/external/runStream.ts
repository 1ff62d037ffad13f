// Runs one streamed generation against a server: forwards text as it arrives, applies stop sequences on the text
// (and aborts the HTTP request once one matched, so the server stops too), ends at `maxTimeMs` with what it has, and
// resolves `cancelled` when the caller aborts, which also aborts the HTTP request.
import { StopMatcher } from '../engine/stopMatcher';
import type { CompletionResult, PromptStats, StopReason } from '../engine/types';
import { ExternalEngineError, isExternalEngineError } from './ExternalEngineError';

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
      // A server's wrong types stop here: only a string is text.
      if (typeof event.text === 'string' && event.text !== '') {
        firstTokenAt ??= now();
        chunks++;
        const step = matcher.push(event.text);
        emit(step.emit);
        if (step.stopped) {
          end('stopSequence');
          break;
        }
      }
      if (event.end) last = sanitisedEnd(event.end);
    }
    emit(matcher.flush());
  } catch (error) {
    // Aborting makes fetch and the body reader throw; that is how every ending but the server's own arrives.
    if (!ending || (isExternalEngineError(error) && !controller.signal.aborted)) {
      // Anything else thrown while reading the server's answer is the answer's fault (a field of a type no client
      // expected): said as such, never a bare TypeError.
      if (isExternalEngineError(error)) throw error;
      if (connectionLost(error)) {
        throw new ExternalEngineError('UNREACHABLE', 'The engine server stopped in the middle of its answer (the connection closed). Check that it is still running.', causeText(error));
      }
      throw new ExternalEngineError('MALFORMED', 'The engine server sent an answer Pipit could not read.', error instanceof Error ? error.message : String(error));
    }
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

/** The server's counts where they are numbers, nothing where they are not. */
function sanitisedEnd(end: NonNullable<StreamEvent['end']>): NonNullable<StreamEvent['end']> {
  const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const evaluated = number(end.prompt?.evaluated);
  const generated = number(end.generatedTokens);
  return {
    ...(end.stopReason ? { stopReason: end.stopReason } : {}),
    ...(evaluated !== undefined ? { prompt: { evaluated, reused: number(end.prompt?.reused) ?? 0 } } : {}),
    ...(generated !== undefined ? { generatedTokens: generated } : {}),
  };
}

function emptyResult(stopReason: StopReason, totalMs: number): CompletionResult {
  return { text: '', stopReason, prompt: { evaluated: 0, reused: 0 }, generatedTokens: 0, timeToFirstTokenMs: totalMs, totalMs };
}

/** fetch's body reader fails this way when the server goes away mid-answer (undici: `terminated`, a socket error). */
function connectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { cause?: { code?: unknown } }).cause?.code;
  return error.message === 'terminated' || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function causeText(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  return [error instanceof Error ? error.message : String(error), cause instanceof Error ? cause.message : undefined].filter(Boolean).join(': ');
}
