// Completion logic must stay testable in plain Node: only the VS Code glue may import `vscode`. And a newcomer finds
// every folder of src/ in the README's architecture tree.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const GLUE = ['src/extension.ts', 'src/vscode/'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers a file imports, requires or dynamically imports. */
export function importedModules(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

describe('architecture', () => {
  it('finds vscode imports in every form the check must catch', () => {
    assert.deepEqual(importedModules(`import * as vscode from 'vscode';`), ['vscode']);
    assert.deepEqual(importedModules(`import type { Uri } from "vscode";`), ['vscode']);
    assert.deepEqual(importedModules(`const v = require('vscode');`), ['vscode']);
    assert.deepEqual(importedModules(`const v = await import('vscode');`), ['vscode']);
    assert.deepEqual(importedModules(`import 'vscode';`), ['vscode']);
  });

  it('keeps every module outside the VS Code glue free of `vscode`', () => {
    const offenders = sources(join(ROOT, 'src'))
      .map((file) => relative(ROOT, file).split('\\').join('/'))
      .filter((file) => !GLUE.some((glue) => file === glue || file.startsWith(glue)))
      .filter((file) => importedModules(readFileSync(join(ROOT, file), 'utf8')).includes('vscode'));
    assert.deepEqual(offenders, [], `these modules import vscode but hold completion logic: ${offenders.join(', ')}`);
  });

  it('lists every folder of src/ in the README\'s architecture tree', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const tree = /## Architecture\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const listed = new Set<string>();
    const parents: string[] = [];
    for (const line of tree.split('\n')) {
      const entry = /^( *)([\w.-]+)\/(?:\s|$)/.exec(line);
      if (!entry) continue;
      const depth = entry[1]!.length / 2;
      parents.length = depth;
      parents.push(entry[2]!);
      listed.add(parents.join('/'));
    }
    const folders = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => [`${dir}/${entry.name}`, ...folders(`${dir}/${entry.name}`)]);
    const missing = folders('src').filter((folder) => !listed.has(folder));
    assert.deepEqual(missing, [], `README's architecture tree does not list ${missing.join(', ')}`);
  });

  it('keeps every source file small enough to read in one sitting (300 lines at most)', () => {
    // A newcomer reads a file whole; past 300 lines a file holds more than one idea (STYLE.md: small files).
    const long = sources(join(ROOT, 'src'))
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300)
      .map(({ file, lines }) => `${file} (${lines})`);
    assert.deepEqual(long, [], `split these files by what they hold: ${long.join(', ')}`);
  });

  it('has completion logic to check (the glue list has not swallowed src/)', () => {
    const logic = sources(join(ROOT, 'src')).filter((file) => !file.includes(`${join('src', 'vscode')}`));
    assert.ok(logic.length >= 3, `expected logic modules outside src/vscode, found ${logic.length}`);
  });

  it('keeps the file system off the completion path: documents come from the editor, remote ones included', () => {
    // Under Remote-SSH, WSL or a dev container Pipit runs on this machine and a document's path is on the other one.
    const path = ['src/completion/', 'src/routing/', 'src/external/', 'src/stats/meteredEngine.ts', 'src/vscode/InlineCompletionProvider.ts', 'src/vscode/RestingCursor.ts', 'src/vscode/ExtraContextFeeder.ts'];
    const files = sources(join(ROOT, 'src'))
      .map((file) => relative(ROOT, file).split('\\').join('/'))
      .filter((file) => path.some((part) => file === part || file.startsWith(part)));
    assert.ok(files.length >= 20, `found only ${files.length} files on the completion path`);
    const readers = files.filter((file) => importedModules(readFileSync(join(ROOT, file), 'utf8')).some((name) => /^(node:)?fs(\/promises)?$/.test(name)));
    assert.deepEqual(readers, [], `these modules on the completion path import the file system: ${readers.join(', ')}`);
  });
});
