// The typed request/response protocol between the extension (parent) and the engine child process, over Node's IPC
// channel (no network socket). Requests carry an id; the child answers each with one response, streams generated
// text as `text` messages before it, and reports log lines on its own.
import type { SerializedEngineError } from './engineErrors';
import type { ProcessResources } from './processResources';
import type { ChatRequest, ChatResult, CompletionResult, InfillRequest, LoadRequest, ModelInfo } from './types';

/** The memory the preflight may assume is free, instead of asking the system. */
export type MemoryOverride = NonNullable<LoadRequest['memory']>;

export type LoadParams = LoadRequest;

export interface ChatParams extends ChatRequest {
  maxTokens: number;
  maxTimeMs: number;
}

export interface EngineMethods {
  load: { params: LoadParams; result: ModelInfo };
  unload: { params: Record<string, never>; result: null };
  complete: { params: InfillRequest; result: CompletionResult };
  /** Runs beside completions on its own sequence, yielding to them between tokens. */
  chat: { params: ChatParams; result: ChatResult };
  /** What the process holds now (memory, timers, handles, listeners); answered at once, beside any generation. */
  resources: { params: Record<string, never>; result: ProcessResources };
}

export type MethodName = keyof EngineMethods;

const METHODS: ReadonlySet<string> = new Set<MethodName>(['load', 'unload', 'complete', 'chat', 'resources']);

export type RequestMessage = {
  [M in MethodName]: { type: 'request'; id: number; method: M; params: EngineMethods[M]['params'] };
}[MethodName];

export type ParentMessage = RequestMessage | { type: 'cancel'; id: number };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: SerializedEngineError }
  | { type: 'text'; id: number; text: string }
  | { type: 'log'; level: LogLevel; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function isChildMessage(value: unknown): value is ChildMessage {
  if (!isObject(value) || typeof value.type !== 'string') return false;
  switch (value.type) {
    case 'ready':
      return typeof value.pid === 'number';
    case 'response':
      return typeof value.id === 'number' && typeof value.ok === 'boolean';
    case 'text':
      return typeof value.id === 'number' && typeof value.text === 'string';
    case 'log':
      return typeof value.level === 'string' && typeof value.message === 'string';
    default:
      return false;
  }
}

export function isParentMessage(value: unknown): value is ParentMessage {
  if (!isObject(value) || typeof value.id !== 'number') return false;
  if (value.type === 'cancel') return true;
  return value.type === 'request' && typeof value.method === 'string' && METHODS.has(value.method);
}
