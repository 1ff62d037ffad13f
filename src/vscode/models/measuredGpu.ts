// The GPU llama.cpp measured on this machine, kept in global state so the model recommendation uses its memory in
// every window: recorded at each model load, and measured once by a probe (`engineWorker.js --probe-device`) before
// the first model is chosen. The extension host never loads llama.cpp itself.
import { fork } from 'node:child_process';
import type * as vscode from 'vscode';
import type { DeviceInfo } from '../../engine/types';
import { PROBE_DEVICE_ARG, type ProbedDevice } from '../../engine/deviceProbe';

export type MeasuredGpu = NonNullable<DeviceInfo['gpu']>;

interface Measurement {
  gpu?: MeasuredGpu;
  /** Why models run on the CPU here, when they do. */
  cpuReason?: string;
}

const KEY = 'pipit.measuredGpu';

export class MeasuredGpuStore {
  constructor(private readonly state: vscode.Memento) {}

  /** The GPU last measured; undefined where models run on the CPU or nothing was measured yet. */
  get gpu(): MeasuredGpu | undefined {
    return this.state.get<Measurement>(KEY)?.gpu;
  }

  get measured(): boolean {
    return this.state.get<Measurement>(KEY) !== undefined;
  }

  /** What a model load found. The memory free before the model loaded is what a model may take. */
  record(device: DeviceInfo): Thenable<void> {
    const measurement: Measurement = device.gpu ? { gpu: device.gpu } : { cpuReason: device.reason ?? 'no GPU' };
    return this.state.update(KEY, measurement);
  }

  /** Runs the probe once; `log` says what it found. Resolves (never rejects) within `timeoutMs`. */
  async probe(workerPath: string, log: (message: string) => void, timeoutMs = 60_000): Promise<void> {
    const device = await probeDevice(workerPath, timeoutMs);
    if (!device) return log('GPU probe: no answer; the model recommendation assumes no GPU');
    log(device.gpu ? `GPU probe: ${device.gpu.name}, ${(device.gpu.vramFreeBytes / 1024 ** 3).toFixed(1)} GB free` : `GPU probe: none (${device.cpuReason ?? ''})`);
    await this.state.update(KEY, device.gpu ? { gpu: device.gpu } : { cpuReason: device.cpuReason });
  }
}

function probeDevice(workerPath: string, timeoutMs: number): Promise<ProbedDevice | undefined> {
  return new Promise((resolve) => {
    const child = fork(workerPath, [PROBE_DEVICE_ARG], {
      // As the engine process starts (src/engine/client/startEngineProcess.ts): plain Node, none of the host's flags.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      execArgv: [],
      serialization: 'json',
    });
    const done = (device: ProbedDevice | undefined) => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill();
      resolve(device);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    child.once('message', (message) => done((message as ProbedDevice).type === 'device' ? (message as ProbedDevice) : undefined));
    child.once('error', () => done(undefined));
    child.once('exit', () => done(undefined));
  });
}
