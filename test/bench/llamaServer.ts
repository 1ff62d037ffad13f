// llama-server built from the llama.cpp source that node-llama-cpp ships (its git bundle), in a cache folder outside
// the repository, keyed by everything that decides the binary, so that a build made with other options (or from
// another llama.cpp) is never reused. Started on 127.0.0.1 at a free port, at the same lowered priority as Pipit's
// engine, with the same weight layout, and killed when its user ends, however it ends.
//
// The peer runs the same CPU kernels as Pipit's engine, chosen at run time for the CPU it runs on:
//  - Where node-llama-cpp ships prebuilt CPU variants for this platform (linux-x64: x64, sse42, haswell, skylakex,
//    zen4, sapphirerapids...), llama-server is built without a CPU backend of its own (GGML_BACKEND_DL, GGML_CPU=OFF)
//    and loads those very libraries, picked by ggml's own CPU scoring: the same .so files the engine loads. This also
//    keeps the build short (about 4 minutes on two cores instead of about 25 for all variants).
//  - Elsewhere it builds every CPU variant (GGML_CPU_ALL_VARIANTS), as node-llama-cpp builds its binaries.
//  - Never -march=native: the build machines change CPU from day to day, and a native build cached on one crashed
//    with SIGILL on another.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, setPriority } from 'node:os';
import { join, resolve } from 'node:path';

const NODE_MODULES = resolve(__dirname, '..', '..', '..', 'node_modules');
const BUNDLE = join(NODE_MODULES, 'node-llama-cpp', 'llama', 'gitRelease.bundle');
/** Pipit's engine runs at this niceness (EngineClient's LOW_PRIORITY); the peer gets the same. */
const ENGINE_NICENESS = 10;
/** Bump when the build steps change in a way the options below do not show. */
const BUILD_RECIPE = 2;

const COMMON_OPTIONS = [
  '-DCMAKE_BUILD_TYPE=Release', '-DLLAMA_CURL=OFF', '-DLLAMA_OPENSSL=OFF', '-DLLAMA_USE_PREBUILT_UI=OFF',
  '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_EXAMPLES=OFF', '-DGGML_NATIVE=OFF', '-DGGML_CCACHE=OFF',
  '-DGGML_BACKEND_DL=ON', '-DBUILD_SHARED_LIBS=ON',
];

/**
 * Root of the bench's cache folder: $PIPIT_BENCH_LLAMA_DIR, else ~/.cache/pipit-bench. Not $XDG_CACHE_HOME: the
 * real-VS-Code harness points that at a throwaway profile, and the extension host must find the build the runner made
 * (PIPIT_* variables reach it).
 */
export function benchCacheDir(): string {
  return resolve(process.env.PIPIT_BENCH_LLAMA_DIR || join(homedir(), '.cache', 'pipit-bench'));
}

/** The llama.cpp checkout (cloned from node-llama-cpp's bundle on first use), shared by every build. */
export function ensureLlamaSource(log: (line: string) => void = () => undefined): string {
  const dir = join(benchCacheDir(), 'llama.cpp');
  if (existsSync(join(dir, 'CMakeLists.txt'))) return dir;
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: is node-llama-cpp installed?`);
  log(`cloning llama.cpp from ${BUNDLE} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', BUNDLE, dir], { stdio: 'inherit' });
  return dir;
}

/** node-llama-cpp's prebuilt CPU variant libraries for this platform, if it ships them as loadable backends. */
function prebuiltCpuVariants(): { dir: string; files: string[]; version: string } | undefined {
  const platform = `${process.platform}-${process.arch}`;
  const dir = join(NODE_MODULES, '@node-llama-cpp', platform, 'bins', platform);
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((name) => /^libggml-cpu-.+\.so$/.test(name)).sort();
  if (files.length === 0) return undefined;
  const version = (JSON.parse(readFileSync(join(NODE_MODULES, '@node-llama-cpp', platform, 'package.json'), 'utf8')) as { version: string }).version;
  return { dir, files, version };
}

export interface LlamaServerBuild {
  /** Folder of this build (its key in the name): `bin/llama-server` and `build-info.json` inside. */
  dir: string;
  binary: string;
  options: string[];
  /** Where the CPU kernels come from, for the report. */
  cpuKernels: string;
  /** Seconds the build took (recorded when it was made). */
  buildSeconds: number;
}

interface BuildPlan {
  key: string;
  options: string[];
  cpuKernels: string;
  prebuilt: ReturnType<typeof prebuiltCpuVariants>;
}

function buildPlan(source: string): BuildPlan {
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
  const prebuilt = prebuiltCpuVariants();
  const options = [...COMMON_OPTIONS, ...(prebuilt ? ['-DGGML_CPU=OFF'] : ['-DGGML_CPU_ALL_VARIANTS=ON'])];
  const cpuKernels = prebuilt
    ? `node-llama-cpp ${prebuilt.version}'s prebuilt CPU variants (${prebuilt.files.length}), chosen at run time`
    : 'every CPU variant built here, chosen at run time';
  const key = createHash('sha256')
    .update(JSON.stringify({ recipe: BUILD_RECIPE, commit, options, prebuilt: prebuilt ? [prebuilt.version, prebuilt.files] : null }))
    .digest('hex')
    .slice(0, 16);
  return { key, options, cpuKernels, prebuilt };
}

/** The build for the current options if it exists, without building. */
export function findLlamaServer(): LlamaServerBuild | undefined {
  const source = join(benchCacheDir(), 'llama.cpp');
  if (!existsSync(join(source, 'CMakeLists.txt'))) return undefined;
  return readBuild(join(benchCacheDir(), `llama-server-${buildPlan(source).key}`));
}

function readBuild(dir: string): LlamaServerBuild | undefined {
  const info = join(dir, 'build-info.json');
  if (!existsSync(info)) return undefined;
  const recorded = JSON.parse(readFileSync(info, 'utf8')) as Omit<LlamaServerBuild, 'dir' | 'binary'>;
  const binary = join(dir, 'bin', 'llama-server');
  return existsSync(binary) ? { ...recorded, dir, binary } : undefined;
}

/** llama-server for the current build options, building it first if needed (minutes), and saying how long it took. */
export function ensureLlamaServer(log: (line: string) => void = () => undefined): LlamaServerBuild {
  const source = ensureLlamaSource(log);
  const plan = buildPlan(source);
  const dir = join(benchCacheDir(), `llama-server-${plan.key}`);
  const existing = readBuild(dir);
  if (existing) return existing;
  log(`building llama-server into ${dir} (once for these options; CPU kernels: ${plan.cpuKernels})`);
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  const buildDir = join(dir, 'build');
  const run = (args: string[]) => execFileSync('cmake', args, { cwd: source, stdio: ['ignore', 'inherit', 'inherit'] });
  run(['-S', source, '-B', buildDir, ...plan.options]);
  run(['--build', buildDir, '--target', 'llama-server', '-j2']);
  const bin = join(buildDir, 'bin');
  for (const file of plan.prebuilt?.files ?? []) copyFileSync(join(plan.prebuilt!.dir, file), join(bin, file));
  mkdirSync(dir, { recursive: true });
  // The binary finds its libraries (and the CPU variants) beside itself.
  rmSync(join(dir, 'bin'), { recursive: true, force: true });
  execFileSync('ln', ['-s', bin, join(dir, 'bin')]);
  const build = { options: plan.options, cpuKernels: plan.cpuKernels, buildSeconds: Math.round((Date.now() - started) / 1000) };
  writeFileSync(join(dir, 'build-info.json'), JSON.stringify(build, null, 2));
  log(`llama-server built in ${build.buildSeconds} s`);
  return { ...build, dir, binary: join(dir, 'bin', 'llama-server') };
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

/**
 * Starts llama-server. Weights are repacked as node-llama-cpp repacks them (both default to llama.cpp's extra buffer
 * types, and they load the same CPU variant: checked here, Q4_0 goes to q4_0_8x8 in both, Q8_0 in neither). Where the
 * repack dies with SIGILL (seen on Intel Xeon with AMX, where node-llama-cpp was reported not to repack), it starts
 * again with --no-repack, and its arguments say so.
 */
export async function startLlamaServer(options: ServerOptions): Promise<RunningServer> {
  try {
    return await startOnce(options, []);
  } catch (error) {
    if (!(error instanceof IllegalInstruction)) throw error;
    return startOnce(options, ['--no-repack']);
  }
}

class IllegalInstruction extends Error {}

async function startOnce(options: ServerOptions, layout: string[]): Promise<RunningServer> {
  const port = await freePort();
  const args = ['-t', String(options.threads), '-tb', String(options.threads), '-c', String(options.contextSize), '-np', '1', ...layout, ...options.extraArgs];
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
    if (child.signalCode === 'SIGILL') throw new IllegalInstruction(`llama-server died with SIGILL:\n${output.join('').slice(-2000)}`);
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
