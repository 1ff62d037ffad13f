import * as assert from 'node:assert/strict';
import type { Settings } from '../../../src/config/settings';
import { LIMITS } from '../../../src/completion/skipReasons';
import type { CompletionInput } from '../../../src/completion/types';
import { harness, inputAt } from './harness';

/** Runs one request and returns why it was skipped, checking the engine was not asked. */
async function skipReason(source: string, input: Partial<CompletionInput> = {}, settings: Partial<Settings> = {}, snoozedUntil?: number) {
  const { pipeline, engine, records } = harness(() => 'x', settings, { snoozedUntil: () => snoozedUntil });
  const response = await pipeline.provide(inputAt(source, input));
  assert.equal(engine.requestCount, response.outcome === 'skipped' ? 0 : engine.requestCount);
  // The request's own record (a suggestion shown is followed by a prefetch, which has its own).
  const own = records.filter((record) => record.trigger !== 'prefetch');
  assert.equal(own.length, 1, 'one record per request');
  assert.equal(own[0]!.reason, response.reason);
  return response.reason;
}

describe('when not to ask the model', () => {
  it('skips when text that is not closing punctuation stands right of the cursor', async () => {
    assert.equal(await skipReason('const x = ║foo;'), 'textAfterCursor');
    assert.equal(await skipReason('foo(║);'), undefined);
    assert.equal(await skipReason('const x = ║foo;', { trigger: 'explicit' }), undefined, 'an explicit request asks anyway');
  });

  it('skips when disabled globally, for the language, or for the file', async () => {
    assert.equal(await skipReason('a║', {}, { enable: false }), 'disabled');
    assert.equal(await skipReason('a║', { languageId: 'markdown' }), 'languageDisabled');
    assert.equal(await skipReason('a║', { relativePath: 'config/.env.production' }), 'excluded');
    assert.equal(await skipReason('a║', { relativePath: 'src/x.gen.ts' }, { exclude: ['**/*.gen.ts'] }), 'excluded');
  });

  it('skips while snoozed, and not after', async () => {
    assert.equal(await skipReason('a║', {}, {}, 5_000), 'snoozed');
    assert.equal(await skipReason('a║', {}, {}, 500), undefined);
  });

  it('skips documents too large by lines or by characters', async () => {
    const manyLines = 'x\n'.repeat(LIMITS.maxDocumentLines + 1) + '║';
    assert.equal(await skipReason(manyLines), 'tooLarge');
    const input = inputAt('a║');
    assert.equal(await skipReason('a║', { document: { ...input.document, length: LIMITS.maxDocumentChars + 1, lineAt: input.document.lineAt } }), 'tooLarge');
  });

  it('skips binary and minified text', async () => {
    assert.equal(await skipReason('PK\0\0\x03\x04\n║'), 'binary');
    assert.equal(await skipReason(`var a=${'1,'.repeat(800)}0;\n║`), 'minified');
    const wide = Array.from({ length: 10 }, () => 'x'.repeat(400)).join('\n');
    assert.equal(await skipReason(`${wide}\n║`), 'minified');
  });
});
