// Errors the engine reports, each with a stable code (for the UI and tests) and a message that says what happened and
// what the user can do. They cross the process boundary as plain data and are rebuilt on the parent side.

export const ENGINE_ERROR_CODES = [
  'MODEL_NOT_SET',
  'MODEL_NOT_FOUND',
  'NOT_GGUF',
  'TRUNCATED',
  'CORRUPT',
  'VOCAB_ONLY',
  'NOT_ENOUGH_MEMORY',
  'UNSUPPORTED_ARCHITECTURE',
  'LOAD_FAILED',
  'ENGINE_CRASHED',
  'ENGINE_DISPOSED',
  'PROMPT_TOO_LONG',
  'INTERNAL',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface SerializedEngineError {
  code: EngineErrorCode;
  message: string;
  /** Technical detail for the log, not for the notification. */
  detail?: string;
}

export class EngineError extends Error {
  override readonly name: string = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }

  toJSON(): SerializedEngineError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/** The engine's child process died while requests were pending; the next request starts a new one. */
export class EngineCrashedError extends EngineError {
  override readonly name = 'EngineCrashedError';

  constructor(what: string) {
    super(
      'ENGINE_CRASHED',
      `The Pipit model process stopped unexpectedly (${what}). The next completion request restarts it; ` +
        'if this keeps happening, check the log and try a smaller model.',
    );
  }
}

export function serializeError(error: unknown): SerializedEngineError {
  if (error instanceof EngineError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: `The Pipit engine failed: ${message}`,
    detail: error instanceof Error ? error.stack : undefined,
  };
}

export function deserializeError(data: SerializedEngineError): EngineError {
  if (data.code === 'ENGINE_CRASHED') return new EngineCrashedError(data.detail ?? 'reported by the engine');
  return new EngineError(data.code, data.message, data.detail);
}
