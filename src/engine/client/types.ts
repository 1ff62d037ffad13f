// What the engine client is built from: its logger, the child process it drives (node's ChildProcess, or a fake in
// tests), how that process is started, and the client's timing options.
import type { ForkOptions } from 'node:child_process';
import type { MemoryOverride, ParentMessage } from '../protocol';
import type { LoadRequest } from '../types';

export interface EngineLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the client needs of a child process (node's ChildProcess satisfies it; tests pass a fake). */
export interface EngineProcess {
  readonly pid?: number | undefined;
  readonly connected: boolean;
  send(message: ParentMessage): boolean;
  kill(signal?: NodeJS.Signals | number): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
}

export type EngineSpawner = (modulePath: string, args: string[], options: ForkOptions) => EngineProcess;

export interface EngineClientOptions {
  /** The model the first request loads (lazy); `setModel` changes it. */
  model?: LoadRequest;
  /** Unload the model after this long without requests; 0 keeps it loaded. */
  idleUnloadMs?: number;
  /** Pretend this much memory is free (tests; small-machine guard). */
  memory?: MemoryOverride;
  /** First restart delay after repeated crashes, doubled each time up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Crashes further apart than this do not count as "keeps dying". */
  crashWindowMs?: number;
}

export interface EngineClientDeps {
  workerPath: string;
  logger: EngineLogger;
  spawn: EngineSpawner;
  options?: EngineClientOptions;
  /** os.setPriority; lowered priority keeps the editor responsive while the model computes. */
  setPriority?: (pid: number, priority: number) => void;
}
