// One HTTP call to an engine server with fetch: JSON body, optional Bearer key, a time limit for the response to
// start, cancellation through AbortSignal, and failures turned into ExternalEngineErrors a user can act on.
import { ExternalEngineError, type ExternalErrorCode } from './ExternalEngineError';

export interface HttpTarget {
  /** Base URL without trailing slash. */
  base: string;
  /** Shown in messages: "llama-server at http://127.0.0.1:8080". */
  label: string;
  apiKey?: string;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
  /** Most time until the response headers arrive. */
  timeoutMs: number;
  /** Turns an HTTP error into the client's own advice; return undefined for the generic message. */
  explain?: (status: number, serverMessage: string) => { code: ExternalErrorCode; message: string } | undefined;
}

/** Thrown (as an AbortError) when the caller's signal aborted; generation code turns it into `cancelled`. */
export class CallAborted extends Error {
  override readonly name = 'AbortError';
}

export async function call(target: HttpTarget, path: string, options: CallOptions): Promise<Response> {
  const url = `${target.base}${path}`;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const headers: Record<string, string> = { accept: 'application/json, text/event-stream, application/x-ndjson' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  const secrets = [target.apiKey];
  const init: RequestInit = {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal,
  };
  let response: Response;
  try {
    try {
      response = await fetch(url, init);
    } catch (error) {
      // A kept-alive connection the server had just closed: nothing was sent on it, so asking again is safe.
      if (signal.aborted || !STALE_SOCKET.has(causeCode(error))) throw error;
      response = await fetch(url, init);
    }
  } catch (error) {
    if (options.signal?.aborted) throw new CallAborted('cancelled');
    if (timeout.signal.aborted) {
      throw new ExternalEngineError('TIMEOUT', `${target.label} did not answer within ${options.timeoutMs} ms.`, undefined, secrets);
    }
    throw unreachable(target, error);
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  const serverMessage = errorMessageOf(text);
  const explained = options.explain?.(response.status, serverMessage);
  const { code, message } = explained ?? genericHttpError(target, path, response.status, serverMessage);
  throw new ExternalEngineError(code, message, `${response.status} ${url}: ${text.slice(0, 500)}`, secrets);
}

const STALE_SOCKET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'UND_ERR_CLOSED', 'EPIPE']);

function causeCode(error: unknown): string {
  return (error as { cause?: { code?: string } }).cause?.code ?? '';
}

function unreachable(target: HttpTarget, error: unknown): ExternalEngineError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection: nothing is listening there'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'cannot be found (unknown host name)'
        : `cannot be reached (${code || cause?.message || (error instanceof Error ? error.message : String(error))})`;
  return new ExternalEngineError(
    'UNREACHABLE',
    `${target.label} ${what}. Start the server, or check the endpoint in Pipit's engine settings.`,
    error instanceof Error ? `${error.message} ${cause?.message ?? ''}` : String(error),
    [target.apiKey],
  );
}

function genericHttpError(target: HttpTarget, path: string, status: number, serverMessage: string): { code: ExternalErrorCode; message: string } {
  const said = serverMessage ? `: ${serverMessage}` : '';
  if (status === 401 || status === 403) {
    return {
      code: 'UNAUTHORIZED',
      message: `${target.label} refused the request (HTTP ${status}${said}). Set the right API key with "Pipit: Set Engine API Key".`,
    };
  }
  if (status === 404 || status === 405 || status === 501) {
    return { code: 'NO_ENDPOINT', message: `${target.label} has no ${path} endpoint (HTTP ${status}${said}). Is this the right kind of server?` };
  }
  return { code: 'SERVER_ERROR', message: `${target.label} failed (HTTP ${status}${said}).` };
}

/** The message in an error body: `{error: {message}}` (OpenAI, llama-server), `{error: "..."}` (Ollama), or the text. */
export function errorMessageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = body.error;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
      return (error as { message: string }).message;
    }
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: the text itself, shortened.
  }
  return text.trim().slice(0, 200);
}

export async function readJson<T>(response: Response, target: HttpTarget, what: string): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ExternalEngineError('MALFORMED', `${target.label} sent ${what} that is not JSON.`, text.slice(0, 300), [target.apiKey]);
  }
}
