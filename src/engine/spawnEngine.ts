// The production spawner and priority setter for EngineClient (tests inject fakes instead).
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { EngineSpawner } from './client/types';

export const forkEngineProcess: EngineSpawner = (modulePath, args, options) => fork(modulePath, args, options);

export function lowerProcessPriority(pid: number, priority: number): void {
  setPriority(pid, priority);
}
