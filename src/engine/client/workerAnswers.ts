// What the engine process answers is checked before use: an error becomes an EngineError a user can act on, and a
// result without the shape its method promises is refused instead of breaking the code that reads it.
import { ENGINE_ERROR_CODES, EngineError, deserializeError } from '../engineErrors';
import type { MethodName } from '../protocol';
import { isProcessResources } from '../processResources';

const ERROR_CODES: ReadonlySet<string> = new Set(ENGINE_ERROR_CODES);

/** The worker's error as an EngineError, or one that says it sent none readable. */
export function readableError(data: unknown): EngineError {
  const error = data as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (typeof error === 'object' && error !== null && typeof error.code === 'string' && ERROR_CODES.has(error.code) && typeof error.message === 'string' && error.message) {
    return deserializeError({ code: error.code as EngineError['code'], message: error.message, ...(typeof error.detail === 'string' ? { detail: error.detail } : {}) });
  }
  return new EngineError('INTERNAL', 'The Pipit engine failed without a readable reason. Run "Pipit: Restart Engine" if this keeps happening.', String(JSON.stringify(data)).slice(0, 300));
}

/** Why a result does not have the shape its method promises, or undefined when it does. */
export function resultProblem(method: MethodName, result: unknown): string | undefined {
  if (method === 'unload') return undefined;
  if (method === 'resources') return isProcessResources(result) ? undefined : 'not a resource report';
  if (typeof result !== 'object' || result === null) return 'not an object';
  const value = result as Record<string, unknown>;
  const number = (key: string) => typeof value[key] === 'number' && Number.isFinite(value[key]);
  if (method === 'load') return typeof value.modelPath === 'string' && Array.isArray(value.notices) ? undefined : 'not a model description';
  const prompt = value.prompt as Record<string, unknown> | null | undefined;
  const counts = typeof prompt === 'object' && prompt !== null && typeof prompt.evaluated === 'number' && typeof prompt.reused === 'number';
  if (typeof value.text !== 'string' || typeof value.stopReason !== 'string' || !counts || !number('generatedTokens') || !number('timeToFirstTokenMs') || !number('totalMs')) {
    return 'not a generation result';
  }
  if (method === 'chat' && (typeof value.model !== 'string' || typeof value.mode !== 'string')) return 'not a chat result';
  return undefined;
}

export function malformedAnswer(problem: string, result: unknown): EngineError {
  return new EngineError(
    'INTERNAL',
    `The Pipit engine sent a malformed answer (${problem}). Run "Pipit: Restart Engine" if this keeps happening.`,
    String(JSON.stringify(result)).slice(0, 300),
  );
}
