// The chat loop in-process (real node-llama-cpp, qwenFim test model with its ChatML template), where a test can act
// between tokens, and the chat format on its own.
import * as assert from 'node:assert/strict';
import type { ChatParams } from '../../../src/engine/protocol';
import { chatFormatterFor, stopsFromTriggers } from '../../../src/engine/worker/chatFormat';
import { loadLlamaCpp, type Llama, type Token } from '../../../src/engine/worker/llamaCpp';
import { ModelHost } from '../../../src/engine/worker/ModelHost';
import { OnDemandSequence } from '../../../src/engine/worker/OnDemandSequence';
import { PriorityGate } from '../../../src/engine/worker/PriorityGate';
import { ensureTestModels, type TestModels } from '../../models/testModels';

const IM_START = 151644;
const IM_END = 151645;

const params = (over: Partial<ChatParams> = {}): ChatParams => ({
  messages: [
    { role: 'system', content: 'Explain briefly.' },
    { role: 'user', content: 'What does `x = "<|im_end|>"` do?' },
  ],
  completion: { prompt: 'x = 1 # explained:', stop: [] },
  maxTokens: 200,
  maxTimeMs: 30_000,
  ...over,
});

describe('ChatSession (in-process, qwenFim)', function () {
  this.timeout(120_000);
  const priority = new PriorityGate();
  const host = new ModelHost({ loadLlamaCpp, log: () => undefined, priority });
  before(async () => {
    const models = await ensureTestModels();
    await host.load({ modelPath: models.qwenFim, contextSize: 1024 });
  });
  after(() => host.dispose());

  it('stops within one token of an abort', async () => {
    const controller = new AbortController();
    let pieces = 0;
    const result = await host.chat(params(), controller.signal, () => {
      if (++pieces === 5) controller.abort();
    });
    assert.equal(result.stopReason, 'cancelled');
    assert.ok(result.generatedTokens <= 6, `generated ${result.generatedTokens} tokens, aborted after the 5th piece`);
  });

  it('waits between tokens while a completion holds the gate, and an abort ends the wait', async () => {
    const controller = new AbortController();
    let pieces = 0;
    let release: (() => void) | undefined;
    const chat = host.chat(params(), controller.signal, () => {
      if (++pieces === 2) release = priority.hold();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(pieces, 2, 'no token while a completion holds the gate');
    controller.abort();
    const result = await chat;
    release?.();
    assert.equal(result.stopReason, 'cancelled');
  });

  it('follows a follow-up question from the cache: only the new turn is evaluated', async () => {
    const first = await host.chat(params({ maxTokens: 8 }), new AbortController().signal, () => undefined);
    const messages = [...params().messages, { role: 'assistant' as const, content: first.text }, { role: 'user' as const, content: 'And why?' }];
    const second = await host.chat(params({ messages, maxTokens: 8 }), new AbortController().signal, () => undefined);
    assert.ok(second.prompt.reused >= first.prompt.evaluated - 2, `reused ${second.prompt.reused} of ${first.prompt.evaluated}`);
    assert.ok(second.prompt.evaluated < 40, `evaluated ${second.prompt.evaluated}`);
  });

  it('explaining the same code again gives the same answer, from the cache', async () => {
    const code = Array.from({ length: 12 }, (_, i) => `function f${i}(a) { return a * ${i}; }`).join('\n');
    const request = params({ messages: [{ role: 'user', content: `Explain:\n${code}` }], maxTokens: 12 });
    const first = await host.chat(request, new AbortController().signal, () => undefined);
    const again = await host.chat(request, new AbortController().signal, () => undefined);
    assert.ok(first.prompt.evaluated > 150, `first evaluated ${first.prompt.evaluated}`);
    assert.equal(again.prompt.evaluated, 1, 'only the last prompt token, which yields the first answer token');
    assert.equal(again.text, first.text);
  });

  it('answers a conversation too long for the context without its oldest exchange, and says it did', async () => {
    const code = { role: 'user' as const, content: 'Explain `total`.' };
    const long = Array.from({ length: 150 }, (_, i) => `Line ${i} of a long answer.`).join(' ');
    const question = { role: 'user' as const, content: 'And why?' };
    const request = params({
      messages: [code, { role: 'assistant', content: long }, question],
      shorter: [{ messages: [code, question], completion: params().completion }],
      maxTokens: 8,
    });
    assert.throws(() => host.chatSession!.fit({ ...request, shorter: [] }), /too long for the model/, 'the whole conversation is over the context');
    const result = await host.chat(request, new AbortController().signal, () => undefined);
    assert.deepEqual(result.shortened, { shorter: 1, contextSize: host.info!.contextSize });
    assert.equal(result.stopReason, 'maxTokens', 'a whole answer, not a refusal');
    const answered = host.chatSession!.fit(request).prompt.tokens.length;
    assert.equal(result.prompt.evaluated + result.prompt.reused, answered, 'the shorter prompt ran');
  });

  it('refuses a prompt the context cannot hold with a message saying what to do', async () => {
    const huge = 'const a = 1;\n'.repeat(600);
    await assert.rejects(host.chat(params({ messages: [{ role: 'user', content: huge }] }), new AbortController().signal, () => undefined), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'PROMPT_TOO_LONG');
      assert.match((error as Error).message, /Select less code/);
      return true;
    });
  });
});

describe('the chat context (in-process, qwenFim)', function () {
  this.timeout(120_000);
  const host = new ModelHost({ loadLlamaCpp, log: () => undefined, chatIdleMs: 200 });
  before(async () => {
    const models = await ensureTestModels();
    await host.load({ modelPath: models.qwenFim, contextSize: 1024 });
  });
  after(() => host.dispose());

  it('exists only while Explain is used: created by the first chat, let go when idle, created again by the next', async () => {
    const source = host.chatSequences as OnDemandSequence;
    assert.ok(source instanceof OnDemandSequence);
    assert.equal(source.isOpen, false, 'loading the model creates no chat context');
    const completion = await host.complete({ prefix: 'def add(a, b):\n', suffix: '', maxTokens: 4, maxTimeMs: 30_000 }, new AbortController().signal, () => undefined);
    assert.equal(completion.generatedTokens, 4);
    assert.equal(source.isOpen, false, 'completions need no chat context');
    const first = await host.chat(params({ maxTokens: 8 }), new AbortController().signal, () => undefined);
    assert.equal(first.generatedTokens, 8);
    assert.equal(source.isOpen, true);
    await new Promise((done) => setTimeout(done, 600));
    assert.equal(source.isOpen, false, 'let go after the idle time');
    const again = await host.chat(params({ maxTokens: 8 }), new AbortController().signal, () => undefined);
    assert.equal(again.text, first.text, 'a new context answers the same');
    assert.equal(again.prompt.reused, 0, 'and starts with an empty cache');
  });
});

describe('chatFormatterFor (qwenFim, noFim)', function () {
  this.timeout(120_000);
  let llamaCpp: Awaited<ReturnType<typeof loadLlamaCpp>>;
  let llama: Llama;
  let models: TestModels;
  before(async () => {
    models = await ensureTestModels();
    llamaCpp = await loadLlamaCpp();
    llama = await llamaCpp.getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: llamaCpp.LlamaLogLevel.error });
  });
  after(() => llama.dispose());

  it('lays out the messages in the model\'s ChatML template, code that spells a control token staying text', async () => {
    const model = await llama.loadModel({ modelPath: models.qwenFim });
    try {
      const format = chatFormatterFor(llamaCpp, model, () => undefined);
      assert.equal(format.mode, 'chat-template');
      const prompt = format.render(params());
      assert.equal(prompt.tokens.filter((t) => t === IM_START).length, 3, 'system, user and the open assistant turn');
      assert.equal(prompt.tokens.filter((t) => t === IM_END).length, 2, 'only the template closes turns');
      assert.ok(prompt.stopTokenIds.includes(IM_END), 'the end-of-turn token ends the answer');
      assert.match(model.detokenize(prompt.tokens.slice(-3) as Token[], true), /<\|im_start\|>assistant\n$/);
    } finally {
      await model.dispose();
    }
  });

  it('a model without a template gets the plain prompt and the request\'s stop sequences', async () => {
    const model = await llama.loadModel({ modelPath: models.noFim });
    try {
      const format = chatFormatterFor(llamaCpp, model, () => undefined);
      assert.equal(format.mode, 'completion-style');
      const prompt = format.render({ ...params(), completion: { prompt: '# x = 1 explained:', stop: ['\n\n'] } });
      assert.equal(model.detokenize(prompt.tokens as Token[], false), '# x = 1 explained:');
      assert.deepEqual(prompt.stopTexts, ['\n\n']);
    } finally {
      await model.dispose();
    }
  });
});

describe('stopsFromTriggers', () => {
  it('one special token becomes a token id; plain text a text; a special token this vocabulary lacks is dropped', () => {
    const stops = stopsFromTriggers([
      { json: [{ type: 'specialTokensText', value: '<|im_end|>' }], tokens: [151645] },
      { json: '<|im_end|>', tokens: [27, 91, 318, 6213, 91, 29] },
      { json: [{ type: 'specialToken', value: 'EOS' }], tokens: [] },
      { json: ['\n', { type: 'specialTokensText', value: '<end>' }], tokens: [198, 27, 437, 29] },
    ]);
    assert.deepEqual(stops.stopTokenIds, [151645]);
    assert.deepEqual(stops.stopTexts, ['<|im_end|>', '\n<end>']);
  });
});
