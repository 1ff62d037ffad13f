// Drives a CompletionPipeline in plain Node from editor states written as text with a ║ cursor, with a fake
// engine (no model runs in unit tests), a manual clock and the records kept in an array.

import { DEFAULTS, type Settings } from '../../../src/config/settings';
import { CompletionPipeline, type CompletionPipelineOptions } from '../../../src/completion/CompletionPipeline';
import { linesOf } from './textOf';
import type { CompletionInput, RequestRecord } from '../../../src/completion/types';
import { CURSOR } from './golden';
import { FakeEngine, type Script } from './FakeEngine';

export interface Harness {
  pipeline: CompletionPipeline;
  engine: FakeEngine;
  records: RequestRecord[];
  settings: Settings;
  clock: { now(): number; advance(ms: number): void };
}

export function harness(script: Script, settings: Partial<Settings> = {}, options: Partial<CompletionPipelineOptions> = {}): Harness {
  const engine = new FakeEngine(script);
  const records: RequestRecord[] = [];
  let time = 1_000;
  const clock = { now: () => time, advance: (ms: number) => void (time += ms) };
  const current: Settings = { ...DEFAULTS, modelPath: '/models/test.gguf', ...settings };
  const pipeline = new CompletionPipeline({ engine, settings: () => current, clock, record: (record) => records.push(record), ...options });
  return { pipeline, engine, records, settings: current, clock };
}

/** The provider's input for `source` (cursor at ║) as an automatic request on `file.ts`, unless told otherwise. */
export function inputAt(source: string, overrides: Partial<CompletionInput> = {}): CompletionInput {
  const at = source.indexOf(CURSOR);
  if (at < 0) throw new Error('no cursor mark in the source');
  const before = source.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = before.length - before.lastIndexOf('\n') - 1;
  return {
    document: linesOf(before + source.slice(at + CURSOR.length)),
    position: { line, character },
    languageId: 'typescript',
    relativePath: 'src/file.ts',
    uri: 'file:///work/src/file.ts',
    version: 1,
    trigger: 'automatic',
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Lets background work (a prefetch) run to completion. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) await new Promise((resolve) => setImmediate(resolve));
}
