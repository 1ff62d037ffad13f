// `node watchdog.js OWNER_PID REMOVE_DIR COMMAND ARGS...`: runs COMMAND as its child, in this process's own group,
// and once the owner process is gone stops that whole group and removes REMOVE_DIR ('' for none). The harness stops
// code-server itself when it ends normally or on Ctrl+C; this covers the rest (the harness killed with SIGKILL, or
// crashing), so no server or throwaway profile outlives its test run.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const [ownerPid, removeDir, command, ...args] = process.argv.slice(2);
if (!ownerPid || removeDir === undefined || !command) {
  console.error('usage: watchdog.js OWNER_PID REMOVE_DIR COMMAND [ARGS...]');
  process.exit(2);
}

let ownerGone = false;
const child = spawn(command, args, { stdio: 'inherit' });
child.once('exit', (code, signal) => {
  if (ownerGone) finish();
  process.exit(code ?? (signal ? 1 : 0));
});
// The harness's stop() sends SIGTERM to the whole group: let the child shut down, and exit with it.
process.on('SIGTERM', () => undefined);
process.on('SIGINT', () => undefined);

setInterval(() => {
  if (ownerGone) return;
  try {
    process.kill(Number(ownerPid), 0);
  } catch {
    ownerGone = true;
    console.error(`[watchdog] process ${ownerPid} is gone: stopping ${command}`);
    signalOwnGroup('SIGTERM');
    setTimeout(finish, 5000).unref();
  }
}, 1000).unref();

function finish(): void {
  if (removeDir) rmSync(removeDir, { recursive: true, force: true });
  signalOwnGroup('SIGKILL');
}

function signalOwnGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // already gone
  }
}
