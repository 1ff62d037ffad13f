// Entry of the engine child process (bundled to dist/engineWorker.js and started with child_process.fork). It runs
// the model and answers the parent over IPC; it exits as soon as the parent goes away, so no orphan keeps the
// model's memory. Started with --probe-device, it only measures the GPU (probeDevice.ts) and exits.
import { PROBE_DEVICE_ARG } from '../deviceProbe';
import type { ChildMessage } from '../protocol';
import { loadLlamaCpp } from './llamaCpp';
import { ModelHost } from './ModelHost';
import { PriorityGate } from './PriorityGate';
import { probeDevice } from './probeDevice';
import { WorkerServer } from './WorkerServer';

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

process.on('disconnect', () => process.exit(0));

if (process.argv.includes(PROBE_DEVICE_ARG)) {
  // Started only to measure the GPU (see probeDevice.ts): answer, then go.
  void loadLlamaCpp()
    .then(probeDevice)
    .catch((error: unknown) => ({ type: 'device', cpuReason: `the GPU could not be measured: ${String(error)}` }))
    .then((device) => (process.send ? process.send(device, () => process.exit(0)) : process.exit(0)));
} else {
  // One gate for both: a completion holds it from arrival until answered, and chat waits on it between tokens.
  const priority = new PriorityGate();
  const host = new ModelHost({ loadLlamaCpp, log: (level, message) => send({ type: 'log', level, message }), priority });
  const server = new WorkerServer(host, send, priority);
  process.on('message', (message) => server.handle(message));
  send({ type: 'ready', pid: process.pid });
}
