import * as assert from 'node:assert/strict';
import { cacheKey, type CacheKeyParts } from '../../../src/completion/cacheKey';

const base: CacheKeyParts = {
  engine: 'builtin /models/qwen.gguf',
  filePath: 'src/a.ts',
  repoName: 'shop',
  prefix: 'function add(a, b) {\n  return ',
  middleLength: 9,
  suffix: '\n}',
  extraVersion: '1,2,3',
  maxTokens: 64,
  mode: 'single',
  variant: 'single',
};

describe('cache keys', () => {
  it('is the same for the same inputs', () => {
    assert.equal(cacheKey({ ...base }), cacheKey(base));
  });

  it('changes when any input changes', () => {
    const changes: Partial<CacheKeyParts>[] = [
      { engine: 'builtin /models/other.gguf' },
      { engine: 'ollama http://127.0.0.1:11434 qwen2.5-coder:1.5b-base' },
      { filePath: 'src/b.ts' },
      { repoName: 'other' },
      { prefix: base.prefix + 'a' },
      { middleLength: 0 },
      { suffix: '\n};' },
      { maxTokens: 16 },
      { extraVersion: '1,2,4' },
      { mode: 'multi' },
      { variant: 'alternatives' },
    ];
    const keys = new Set([cacheKey(base), ...changes.map((change) => cacheKey({ ...base, ...change }))]);
    assert.equal(keys.size, changes.length + 1);
  });

  it('does not confuse text moved between prefix and suffix', () => {
    assert.notEqual(cacheKey({ ...base, prefix: 'ab', suffix: 'c' }), cacheKey({ ...base, prefix: 'a', suffix: 'bc' }));
  });
});
