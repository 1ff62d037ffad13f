// Real tokenizers for the test models: llama.cpp's vocab-only GGUFs (models/ggml-vocab-*.gguf), taken out of the
// llama.cpp source that node-llama-cpp ships as a git bundle. Nothing is downloaded.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type VocabName = 'qwen2' | 'deepseek-coder' | 'starcoder' | 'gpt-2' | 'llama-spm' | 'gemma-4' | 'phi-3';
const VOCABS: readonly VocabName[] = ['qwen2', 'deepseek-coder', 'starcoder', 'gpt-2', 'llama-spm', 'gemma-4', 'phi-3'];

export interface VocabSource {
  bundle: string;
  /** The llama.cpp commit the bundle holds: it names the extracted folder, and versions every model built on it. */
  commit: string;
}

/** Finds node-llama-cpp's llama.cpp bundle and the commit it holds, without running git (cheap on the warm path). */
export function findVocabSource(): VocabSource {
  const bundle = join(dirname(require.resolve('node-llama-cpp')), '..', 'llama', 'gitRelease.bundle');
  if (!existsSync(bundle)) throw new Error(`node-llama-cpp's llama.cpp source bundle is missing: ${bundle}`);
  // A bundle starts with "# v2 git bundle\n<sha> <ref>\n..."; the first ref's commit identifies its content.
  const head = Buffer.alloc(512);
  const fd = openSync(bundle, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const commit = /^#[^\n]*\n(?:-[^\n]*\n)*([0-9a-f]{40}) /.exec(head.toString('latin1'))?.[1];
  if (!commit) throw new Error(`cannot read the commit of ${bundle}: not a git bundle?`);
  return { bundle, commit };
}

/**
 * Returns the path of `ggml-vocab-<name>.gguf`, extracting all the vocab files this suite uses from the bundle
 * into `<dir>/llama-vocab-<commit>/` on first use (about a second; needs `git` on PATH).
 */
export async function vocabPath(dir: string, source: VocabSource, name: VocabName): Promise<string> {
  const folder = join(dir, `llama-vocab-${source.commit.slice(0, 12)}`);
  const path = join(folder, `ggml-vocab-${name}.gguf`);
  if (!existsSync(path)) {
    let pending = extracting.get(folder);
    if (!pending) {
      pending = extract(source, folder).finally(() => extracting.delete(folder));
      extracting.set(folder, pending);
    }
    await pending;
  }
  return path;
}

/** Extractions in flight in this process, so concurrent callers share one. */
const extracting = new Map<string, Promise<void>>();

async function extract(source: VocabSource, folder: string): Promise<void> {
  const work = `${folder}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const repo = join(work, 'repo.git');
    const git = (...args: string[]) => run('git', args, { maxBuffer: 64 << 20, encoding: 'buffer' });
    try {
      await git('init', '--quiet', '--bare', '--template=', repo);
    } catch (error) {
      throw new Error(`the test models need \`git\` on PATH to read llama.cpp's vocab files: ${String(error)}`);
    }
    await git('-C', repo, 'fetch', '--quiet', source.bundle, source.commit);
    for (const name of VOCABS) {
      const { stdout } = await git('-C', repo, 'cat-file', 'blob', `${source.commit}:models/ggml-vocab-${name}.gguf`);
      await writeFile(join(work, `ggml-vocab-${name}.gguf`), stdout);
    }
    await mkdir(folder, { recursive: true });
    // File by file: each appears whole or not at all, and a folder from an older vocab list just gains files.
    for (const name of VOCABS) await rename(join(work, `ggml-vocab-${name}.gguf`), join(folder, `ggml-vocab-${name}.gguf`));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
