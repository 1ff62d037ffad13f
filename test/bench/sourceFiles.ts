// The files typed in the sessions: real source of popular packages in node_modules (not written by this project),
// and a Python file from the llama.cpp source that node-llama-cpp ships (no npm package here ships a .py file).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureLlamaSource } from './llamaServer';
import type { SessionFile } from './types';

const NODE_MODULES = resolve(__dirname, '..', '..', '..', 'node_modules');

const TYPESCRIPT = ['@azure/msal-common/src/cache/CacheManager.ts', '@azure/msal-node/src/client/ClientApplication.ts', 'editions/source/index.ts'];
const JAVASCRIPT = ['mocha/lib/runner.js', 'commander/lib/command.js', 'picomatch/lib/parse.js'];
const PYTHON = ['gguf-py/gguf/vocab.py', 'gguf-py/gguf/gguf_reader.py'];

export type SessionLanguage = 'ts' | 'js' | 'py';
export const SESSION_LANGUAGES: SessionLanguage[] = ['ts', 'js', 'py'];

export function sessionFile(language: SessionLanguage, log: (line: string) => void = () => undefined): SessionFile {
  switch (language) {
    case 'ts':
      return fromNodeModules(TYPESCRIPT, 'typescript', '.ts');
    case 'js':
      return fromNodeModules(JAVASCRIPT, 'javascript', '.js');
    case 'py': {
      const dir = ensureLlamaSource(log);
      const path = PYTHON.map((name) => join(dir, name)).find((candidate) => existsSync(candidate));
      if (!path) throw new Error(`no Python file found in ${dir}`);
      return { relativePath: `llama.cpp/${relative(dir, path)}`, origin: path, languageId: 'python', text: readFileSync(path, 'utf8') };
    }
  }
}

/** The first listed file that is installed, else the largest file of that kind found in node_modules. */
function fromNodeModules(preferred: string[], languageId: string, extension: string): SessionFile {
  const path = preferred.map((name) => join(NODE_MODULES, name)).find((candidate) => existsSync(candidate)) ?? largestFile(extension);
  return { relativePath: relative(NODE_MODULES, path), origin: path, languageId, text: readFileSync(path, 'utf8') };
}

function largestFile(extension: string): string {
  let best: { path: string; size: number } | undefined;
  const visit = (dir: string, depth: number) => {
    if (depth > 6) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path, depth + 1);
      else if (entry.name.endsWith(extension) && !/\.(d|min)\./.test(entry.name)) {
        const size = statSync(path).size;
        if (size < 200_000 && (!best || size > best.size)) best = { path, size };
      }
    }
  };
  visit(NODE_MODULES, 0);
  if (!best) throw new Error(`no ${extension} file in ${NODE_MODULES}`);
  return best.path;
}
