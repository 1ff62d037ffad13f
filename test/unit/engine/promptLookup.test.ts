// Prompt-lookup decoding on the real engine (node-llama-cpp in-process, tiny scripted and random Qwen test models):
// drafts copied from the prompt change nothing in the answer, the drafts are really made and checked, and the KV cache
// holds the prompt and the accepted tokens only, so the next keystroke reuses it as before.
import * as assert from 'node:assert/strict';
import type { CompletionResult, InfillRequest } from '../../../src/engine/types';
import { loadLlamaCpp } from '../../../src/engine/worker/llamaCpp';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { ensureScriptedModel, ensureTestModels } from '../../models/testModels';

const SCRIPT = 'const result = compute(item, options);';
const BEFORE = 'function first(item, options) {\n  log(item);\n}\n\n';
const AFTER = '\nfunction last() {\n  return 0;\n}\n';

/** A request at a line start after `prefix`: nothing healed or trimmed, so the prompt is the laid-out one. */
const at = (prefix: string, middle = '', maxTokens = 32): InfillRequest => ({ prefix, middle, suffix: AFTER, maxTokens, maxTimeMs: 60_000 });
/** The answer copies a line of the prompt. */
const COPYING = `${BEFORE}function run(item, options) {\n${SCRIPT}\n  return result;\n}\n\nfunction again(item, options) {\n`;
/** The prompt has the start of the answer, then something else: drafts after `compute` are refuted. */
const DIVERGING = `${BEFORE}function run(item, options) {\nconst result = compute(other, flags);\n  return result;\n}\n\nfunction again(item, options) {\n`;
/** No two tokens of the answer follow each other in the prompt. */
const NOVEL = 'function first(x) {\n  log(x);\n}\n\nfunction again(a, b) {\n';

const complete = (host: ModelHost, request: InfillRequest): Promise<CompletionResult> => host.complete(request, new AbortController().signal, () => undefined);

describe('prompt-lookup decoding (real node-llama-cpp, test models)', function () {
  this.timeout(240_000);
  const hosts: ModelHost[] = [];
  after(() => Promise.all(hosts.map((host) => host.dispose())));

  async function pair(modelPath: string): Promise<{ drafting: ModelHost; plain: ModelHost }> {
    const drafting = new ModelHost({ loadLlamaCpp, log: () => undefined });
    const plain = new ModelHost({ loadLlamaCpp, log: () => undefined });
    hosts.push(drafting, plain);
    await drafting.load({ modelPath, contextSize: 1024, promptLookup: true });
    await plain.load({ modelPath, contextSize: 1024 });
    return { drafting, plain };
  }

  describe('scripted model', () => {
    let drafting: ModelHost;
    let plain: ModelHost;
    before(async () => ({ drafting, plain } = await pair(await ensureScriptedModel(SCRIPT))));

    it('copies a line of the prompt with confirmed drafts, and the answer is the greedy one', async () => {
      const without = await complete(plain, at(COPYING));
      const withDrafts = await complete(drafting, at(COPYING));
      assert.equal(without.text, SCRIPT);
      assert.equal(withDrafts.text, without.text);
      assert.equal(withDrafts.generatedTokens, without.generatedTokens);
      assert.equal(without.drafts, undefined, 'no drafts when prompt lookup is off');
      // From the second token on, every step drafts the next token of the copied line, and the model confirms it.
      assert.ok(withDrafts.drafts!.accepted >= 3, `drafts confirmed: ${JSON.stringify(withDrafts.drafts)}`);
    });

    it('refuted drafts change nothing: a prompt line that starts like the answer and goes elsewhere', async () => {
      const without = await complete(plain, at(DIVERGING));
      const withDrafts = await complete(drafting, at(DIVERGING));
      assert.equal(withDrafts.text, SCRIPT);
      assert.equal(withDrafts.text, without.text);
      assert.ok(withDrafts.drafts!.refuted > 0, `drafts refuted: ${JSON.stringify(withDrafts.drafts)}`);
    });

    it('a novel answer is drafted nothing and is the same', async () => {
      const without = await complete(plain, at(NOVEL));
      const withDrafts = await complete(drafting, at(NOVEL));
      assert.equal(withDrafts.text, without.text);
      assert.deepEqual(withDrafts.drafts, { accepted: 0, refuted: 0 });
    });

    it('leaves the prompt and the accepted tokens in the cache, no unused drafts, and the next keystroke reuses them', async () => {
      const request = at(COPYING, '', 5);
      const result = await complete(drafting, request);
      assert.equal(result.stopReason, 'maxTokens');
      assert.ok(result.drafts!.accepted >= 2, 'generation stopped with a confirmed draft left over');
      const sequence = drafting.session!.completionSequence;
      const prompt = drafting.session!.promptTokens(request);
      const cached = sequence.contextTokens as number[];
      // The last generated token is sampled, never evaluated: the cache holds the prompt and the tokens before it.
      assert.equal(cached.length, prompt.length + result.generatedTokens - 1);
      assert.deepEqual(cached.slice(0, prompt.length), prompt);
      const accepted = sequence.model.detokenize(cached.slice(prompt.length) as unknown as Parameters<typeof sequence.model.detokenize>[0]);
      assert.ok(accepted.length > 0 && result.text.startsWith(accepted), `cached ${JSON.stringify(accepted)}, answered ${JSON.stringify(result.text)}`);
      // node-llama-cpp's own count of the tokens in the KV cache, drafts included (internal: no public API shows the
      // drafts it keeps loaded beyond `contextTokens`).
      assert.equal((sequence as unknown as { _nextTokenIndex: number })._nextTokenIndex, cached.length, 'unused drafts were erased');

      // The user types what was shown: the next request reads only the new tokens and answers as a plain engine does.
      const typed = at(COPYING, result.text);
      const next = await complete(drafting, typed);
      assert.ok(next.prompt.reused >= prompt.length, `reused ${next.prompt.reused} of a prompt of ${prompt.length}`);
      assert.ok(next.prompt.evaluated <= 8, `evaluated ${next.prompt.evaluated}`);
      assert.equal(next.text, (await complete(plain, typed)).text);
    });
  });

  it('random weights: the same answers with prompt lookup on and off, prompts that repeat text included', async () => {
    const { drafting, plain } = await pair((await ensureTestModels()).qwenFim);
    const repeated = 'for (const item of items) {\n  total += item.price * item.count;\n}\n';
    const prompts = [at(NOVEL), at(repeated.repeat(4)), at(COPYING, '  const res'), at(`${repeated}${repeated}`, 'for (const it')];
    for (const request of prompts) {
      const without = await complete(plain, request);
      const withDrafts = await complete(drafting, request);
      assert.equal(withDrafts.text, without.text, `prompt ending ${JSON.stringify(request.prefix.slice(-30) + request.middle)}`);
      assert.equal(withDrafts.generatedTokens, without.generatedTokens);
      assert.ok(withDrafts.drafts, 'the engine drafted from the prompt');
    }
  });
});
