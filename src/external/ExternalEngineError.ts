// Failures of an external engine, each with a stable code (routing decides on it, tests assert on it) and a message
// that says what happened and what to do. Messages are redacted when built, so no key can reach a notification or log.
import { redact } from './redact';

export type ExternalErrorCode =
  /** Nothing listens there (or the host is unknown): the server is not running. */
  | 'UNREACHABLE'
  /** No answer within the time limit. */
  | 'TIMEOUT'
  /** The server refused the API key (401/403). */
  | 'UNAUTHORIZED'
  /** The endpoint does not exist on that server (404/405/501 on the route we use). */
  | 'NO_ENDPOINT'
  /** The server's model cannot fill in the middle. */
  | 'NO_FIM'
  /** The model is chat-tuned; completion wants a base code model. */
  | 'CHAT_MODEL'
  | 'MODEL_NOT_FOUND'
  /** The response or its stream was not what the protocol says. */
  | 'MALFORMED'
  /** An API key would travel over plain http:// to another machine: refused before anything is sent. */
  | 'INSECURE_KEY'
  /** The server redirected a request to another origin: refused, since the request carries code or a key. */
  | 'REDIRECTED'
  | 'SERVER_ERROR';

export class ExternalEngineError extends Error {
  override readonly name = 'ExternalEngineError';
  readonly detail: string | undefined;

  constructor(
    readonly code: ExternalErrorCode,
    message: string,
    detail?: string,
    secrets: readonly (string | undefined)[] = [],
  ) {
    super(redact(message, secrets));
    this.detail = detail === undefined ? undefined : redact(detail, secrets);
  }
}

export function isExternalEngineError(error: unknown): error is ExternalEngineError {
  return error instanceof ExternalEngineError;
}
