// What `engineWorker.js --probe-device` answers (worker/probeDevice.ts): the GPU a model would run on here, measured
// by llama.cpp, for the model recommendation before any model is chosen. Shared by both sides of that one message.
import type { DeviceInfo } from './types';

export const PROBE_DEVICE_ARG = '--probe-device';

export interface ProbedDevice {
  type: 'device';
  gpu?: NonNullable<DeviceInfo['gpu']>;
  /** Why models would run on the CPU, when they would. */
  cpuReason?: string;
}
