// llama-server built from the llama.cpp source that node-llama-cpp ships (its git bundle), in a cache folder outside
// the repository: cloned and built once (`-j2`), then reused. Started on 127.0.0.1 at a free port, at the same lowered
// priority as Pipit's engine, and killed when the benchmark ends, however it ends.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { setPriority } from 'node:os';

const BUNDLE = resolve(__dirname, '..', '..', '..', 'node_modules', 'node-llama-cpp', 'llama', 'gitRelease.bundle');
/** Pipit's engine runs at this niceness (EngineClient's LOW_PRIORITY); the peer gets the same. */
const ENGINE_NICENESS = 10;

export function llamaCppDir(): string {
  return resolve(process.env.PIPIT_BENCH_LLAMA_DIR || join(homedir(), '.cache', 'pipit-bench', 'llama.cpp'));
}

/** The llama.cpp checkout (cloned from node-llama-cpp's bundle on first use). */
export function ensureLlamaSource(log: (line: string) => void = () => undefined): string {
  const dir = llamaCppDir();
  if (existsSync(join(dir, 'CMakeLists.txt'))) return dir;
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: is node-llama-cpp installed?`);
  log(`cloning llama.cpp from ${BUNDLE} into ${dir}`);
  execFileSync('git', ['clone', '--quiet', BUNDLE, dir], { stdio: 'inherit' });
  return dir;
}

/** Path of the llama-server binary, building it first if needed (slow: many minutes on two cores). */
export function ensureLlamaServer(log: (line: string) => void = () => undefined): string {
  const dir = ensureLlamaSource(log);
  const binary = join(dir, 'build', 'bin', 'llama-server');
  if (existsSync(binary)) return binary;
  log(`building llama-server in ${dir}/build (once; this takes a while)`);
  const run = (args: string[]) => execFileSync('cmake', args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  run(['-B', 'build', '-DLLAMA_CURL=OFF', '-DGGML_NATIVE=ON', '-DCMAKE_BUILD_TYPE=Release', '-DLLAMA_USE_PREBUILT_UI=OFF',
    '-DLLAMA_OPENSSL=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF']);
  run(['--build', 'build', '--target', 'llama-server', '-j2']);
  return binary;
}

export interface RunningServer {
  url: string;
  pid: number | undefined;
  /** The server's arguments after the model, for the report. */
  args: string[];
  stop(): Promise<void>;
}

export interface ServerOptions {
  binary: string;
  modelPath: string;
  threads: number;
  contextSize: number;
  extraArgs: string[];
}

export async function startLlamaServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const args = ['-t', String(options.threads), '-tb', String(options.threads), '-c', String(options.contextSize), '-np', '1', ...options.extraArgs];
  const child = spawn(options.binary, ['-m', options.modelPath, '--host', '127.0.0.1', '--port', String(port), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (data: Buffer) => {
    output.push(String(data));
    if (output.length > 200) output.shift();
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, ENGINE_NICENESS);
    } catch {
      // Not allowed here: both sides then run at normal priority, which is still a fair comparison.
    }
  }
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, output);
  return {
    url,
    pid: child.pid,
    args,
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitHealthy(url: string, child: ChildProcess, output: string[], timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`llama-server exited:\n${output.join('').slice(-4000)}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`llama-server did not become healthy in ${timeoutMs} ms:\n${output.join('').slice(-4000)}`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}
