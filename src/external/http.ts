// One HTTP call to an engine server with fetch: JSON body, optional Bearer key, a time limit for the response to
// start, cancellation through AbortSignal, and failures turned into ExternalEngineErrors a user can act on.
// Every call carries code or a key, so it goes only where the user pointed it: no API key over plain http:// to
// another machine, and no redirect to another origin (fetch would re-send the body there).
import { originOf } from './endpoint';
import { ExternalEngineError, type ExternalErrorCode } from './ExternalEngineError';
import { keyTransportProblem } from './privacyGuard';

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
class CallAborted extends Error {
  override readonly name = 'AbortError';
}

/** Same-origin redirects followed before giving up (a proxy adding a trailing slash, say). */
const MAX_REDIRECTS = 3;

export async function call(target: HttpTarget, path: string, options: CallOptions): Promise<Response> {
  const url = `${target.base}${path}`;
  if (target.apiKey) {
    const problem = keyTransportProblem(target.base, target.label);
    if (problem) throw new ExternalEngineError('INSECURE_KEY', problem, undefined, [target.apiKey]);
  }
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
    // Followed below, and only within the endpoint's own origin.
    redirect: 'manual',
  };
  let response: Response;
  try {
    response = await fetchFollowingSameOrigin(url, init, target);
  } catch (error) {
    if (error instanceof ExternalEngineError) throw error;
    if (options.signal?.aborted) throw new CallAborted('cancelled');
    if (timeout.signal.aborted) {
      throw new ExternalEngineError('TIMEOUT', `${target.label} did not answer within ${options.timeoutMs} ms.`, undefined, secrets);
    }
    throw unreachable(target, error);
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;
  const text = await readTextCapped(response, MAX_ERROR_BODY_BYTES).catch(() => '');
  const serverMessage = errorMessageOf(text);
  const explained = options.explain?.(response.status, serverMessage);
  const { code, message } = explained ?? genericHttpError(target, path, response.status, serverMessage);
  throw new ExternalEngineError(code, message, `${response.status} ${url}: ${text.slice(0, 500)}`, secrets);
}

async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    // A kept-alive connection the server had just closed: nothing was sent on it, so asking again is safe.
    if (init.signal?.aborted || !STALE_SOCKET.has(causeCode(error))) throw error;
    return fetch(url, init);
  }
}

/** The request, re-sent as it was to a redirect's target on the same origin; another origin is refused. */
async function fetchFollowingSameOrigin(url: string, init: RequestInit, target: HttpTarget): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchOnce(current, init);
    if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
    const location = response.headers.get('location');
    await response.body?.cancel().catch(() => undefined);
    if (!location) return response;
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new ExternalEngineError('MALFORMED', `${target.label} answered with a redirect to an invalid address.`, location.slice(0, 200), [target.apiKey]);
    }
    const from = originOf(new URL(current));
    if (originOf(next) !== from) {
      throw new ExternalEngineError(
        'REDIRECTED',
        `${target.label} redirected the request to ${originOf(next)}. Pipit does not follow a request that carries your code ` +
          `or an API key to another server. If you trust that server, set it as the endpoint in your user settings.`,
        `HTTP ${response.status} ${current} -> ${next.href}`,
        [target.apiKey],
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw new ExternalEngineError('MALFORMED', `${target.label} redirected the request more than ${MAX_REDIRECTS} times.`, undefined, [target.apiKey]);
    }
    current = next.href;
  }
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
function errorMessageOf(text: string): string {
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

/** What a failed health check says: the error's own words, or that the answer could not be read (never a TypeError). */
export function healthFailure(target: HttpTarget, error: unknown): string {
  if (error instanceof ExternalEngineError) return error.message;
  if (error instanceof CallAborted) return `The check of ${target.label} was cancelled.`;
  return `${target.label} sent an answer Pipit could not read. Is this the right kind of server?`;
}

/** An error body is read for its message only; a server that sends megabytes of it is not waited for. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Health answers and model lists are small; anything bigger is not what the protocol says. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

/** The body as text, at most `maxBytes` of it (the rest is not read); invalid UTF-8 becomes U+FFFD. */
async function readTextCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - bytes;
      bytes += value.byteLength;
      text += decoder.decode(value.byteLength > room ? value.subarray(0, room) : value, { stream: true });
      if (bytes >= maxBytes) {
        await reader.cancel().catch(() => undefined);
        return text + decoder.decode();
      }
    }
  } finally {
    reader.releaseLock();
  }
  return text + decoder.decode();
}

export async function readJson<T>(response: Response, target: HttpTarget, what: string): Promise<T> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  const text = await readTextCapped(response, MAX_JSON_BYTES + 1);
  if (text.length > MAX_JSON_BYTES || length > MAX_JSON_BYTES) {
    throw new ExternalEngineError('MALFORMED', `${target.label} sent ${what} larger than ${MAX_JSON_BYTES / 1024 / 1024} MB.`, undefined, [target.apiKey]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ExternalEngineError('MALFORMED', `${target.label} sent ${what} that is not JSON.`, text.slice(0, 300), [target.apiKey]);
  }
  // Every answer read this way is an object: `null`, a number or a list would fail later with a TypeError.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ExternalEngineError('MALFORMED', `${target.label} sent ${what} that is not a JSON object.`, text.slice(0, 300), [target.apiKey]);
  }
  return parsed as T;
}
