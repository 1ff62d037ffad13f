// Golden filter cases: data files under golden/<folder>/, one case per file, cursor marked with ║ in the source.
// Format: `key: value` header lines, then `--- source`, `--- suggestion`, `--- expected` (or `--- expected: nothing`).
// `family:` names the model family that answered (its special tokens are the ones cut); default qwen2.5-coder.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FilterContext } from '../../../src/completion/filters/types';
import { decideMode } from '../../../src/completion/completionMode';
import { detectIndentStyle } from '../../../src/completion/indentation';
import { fimFormatByFamily, specialTexts } from '../../../src/engine/fimFormats';

export const CURSOR = '║';

export interface GoldenCase {
  name: string;
  attributes: Record<string, string>;
  source: string;
  suggestion: string;
  /** undefined: the filter must drop the suggestion. */
  expected: string | undefined;
  context: FilterContext;
}

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export function goldenCases(folder: string): GoldenCase[] {
  const dir = join(repositoryRoot(), 'test', 'unit', 'completion', 'golden', folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => parseCase(file, readFileSync(join(dir, file), 'utf8')));
}

export function parseCase(name: string, text: string): GoldenCase {
  const attributes: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) {
    const header = /^--- (\w+)(: nothing)?$/.exec(line);
    if (header) {
      current = sections[header[1]! + (header[2] ? ':nothing' : '')] = [];
    } else if (current) current.push(line);
    else if (line.includes(':')) attributes[line.slice(0, line.indexOf(':')).trim()] = line.slice(line.indexOf(':') + 1).trim();
  }
  const source = (sections.source ?? []).join('\n');
  if (!source.includes(CURSOR)) throw new Error(`${name}: the source has no ${CURSOR} cursor mark`);
  const expected = sections['expected:nothing'] ? undefined : (sections.expected ?? []).join('\n');
  return { name, attributes, source, suggestion: (sections.suggestion ?? []).join('\n'), expected, context: contextOf(source, attributes) };
}

export function contextOf(source: string, attributes: Record<string, string> = {}): FilterContext {
  const at = source.indexOf(CURSOR);
  const prefix = source.slice(0, at);
  const suffix = source.slice(at + CURSOR.length);
  const linePrefix = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const lineSuffix = suffix.split('\n')[0]!;
  const languageId = attributes.language ?? 'typescript';
  const mode = (attributes.mode as FilterContext['mode'] | undefined) ?? decideMode('auto', linePrefix, lineSuffix, languageId);
  const indent = attributes.indent
    ? { insertSpaces: attributes.indent !== 'tabs', size: Number(attributes.indentSize ?? 4) }
    : detectIndentStyle(prefix + suffix);
  const format = fimFormatByFamily(attributes.family ?? 'qwen2.5-coder');
  if (!format) throw new Error(`unknown family ${attributes.family}`);
  return { mode, linePrefix, lineSuffix, prefix, suffix, languageId, ...(indent ? { indent } : {}), specialTokens: specialTexts(format) };
}

/** One `it` per golden case of `folder`, run through `filter`; `check` adds assertions a folder needs. */
export function itRunsGoldenCases(
  folder: string,
  filter: (suggestion: string, context: FilterContext) => string | undefined,
  check?: (result: string | undefined, golden: GoldenCase) => void,
): void {
  for (const golden of goldenCases(folder)) {
    it(`${golden.attributes.title ?? golden.name} (${folder}/${golden.name})`, () => {
      const result = filter(golden.suggestion, golden.context);
      assert.equal(result, golden.expected);
      check?.(result, golden);
    });
  }
}
