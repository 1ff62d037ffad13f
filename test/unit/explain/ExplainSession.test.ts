import * as assert from 'node:assert/strict';
import { DEFAULT_BUDGET } from '../../../src/explain/buildPrompt';
import { BASE_MODEL_NOTICE, ExplainSession } from '../../../src/explain/ExplainSession';
import { renderHtml } from '../../../src/explain/renderHtml';
import type { HostMessage } from '../../../src/explain/protocol';
import type { ExplainTarget, TargetContext } from '../../../src/explain/types';
import { FakeChatEngine } from './fakeChatEngine';

const TARGET: ExplainTarget = {
  kind: 'selection',
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  range: { startLine: 3, endLine: 3 },
  code: 'const total = items.reduce((sum, item) => sum + item.price, 0);',
};
const CONTEXT: TargetContext = { enclosing: [], imports: [] };

function sessionWith(engine: FakeChatEngine, extra: Partial<ConstructorParameters<typeof ExplainSession>[0]> = {}) {
  const posted: HostMessage[] = [];
  const session = new ExplainSession({ engine, post: (message) => posted.push(message), throttleMs: 0, ...extra });
  return { session, posted };
}

const ofType = <T extends HostMessage['type']>(posted: HostMessage[], type: T) =>
  posted.filter((message): message is Extract<HostMessage, { type: T }> => message.type === type);

describe('explain: session (fake engine)', () => {
  it('streams the answer to the panel as it is generated, then ends with model and timing', async () => {
    const engine = new FakeChatEngine({ script: [['It **adds', '** up the', ' prices.\n\n```ts\nsum', ' + item.price\n```']], chunkDelayMs: 5 });
    const { session, posted } = sessionWith(engine);
    await session.explain(TARGET, CONTEXT);
    assert.deepEqual(posted.slice(0, 2).map((message) => message.type), ['reset', 'turnStart']);
    assert.match((posted[0] as { subject: string }).subject, /^Explaining the selection in src\/cart\.ts \(line 4\)\.$/);
    const updates = ofType(posted, 'turnUpdate');
    assert.ok(updates.length >= 2, `expected several streamed updates, got ${updates.length}`);
    assert.equal(renderHtml(updates[0]!.blocks), '<p>It **adds</p>');
    const [end] = ofType(posted, 'turnEnd');
    assert.ok(end);
    assert.equal(
      renderHtml(end.blocks),
      '<p>It <strong>adds</strong> up the prices.</p>\n<pre><code class="language-ts">sum + item.price</code></pre>',
    );
    assert.equal(end.stats.model, 'fake-coder-instruct.gguf');
    assert.equal(end.stats.mode, 'chat-template');
    assert.ok(end.stats.totalMs >= end.stats.timeToFirstTokenMs);
    assert.deepEqual(end.notices, []);
    assert.equal(session.answerOf(0), 'It **adds** up the prices.\n\n```ts\nsum + item.price\n```');
  });

  it('says a chat model explains better when the engine had to prompt a base model', async () => {
    const { session, posted } = sessionWith(new FakeChatEngine({ script: [['This code sums prices.']], mode: 'completion-style' }));
    await session.explain(TARGET, CONTEXT);
    assert.deepEqual(ofType(posted, 'turnEnd')[0]!.notices, [BASE_MODEL_NOTICE]);
    assert.match(BASE_MODEL_NOTICE, /a chat model explains better/);
  });

  it('asks for pipit.explain.maxTokens as it is at each answer, and says which setting cut an answer off', async () => {
    const engine = new FakeChatEngine({ script: [['one ', 'two ', 'three ', 'four ']] });
    let limit = 2;
    const { session, posted } = sessionWith(engine, { maxTokens: () => limit });
    await session.explain(TARGET, CONTEXT);
    assert.equal(session.answerOf(0), 'one two ');
    assert.ok(ofType(posted, 'turnEnd')[0]!.notices.some((notice) => /cut off: raise pipit\.explain\.maxTokens/.test(notice)));
    limit = 10;
    await session.ask('And then?');
    assert.deepEqual(engine.maxTokens, [2, 10], 'a changed setting counts at the next answer');
    assert.deepEqual(ofType(posted, 'turnEnd')[1]!.notices, []);
  });

  it('stops generating when asked and says the answer is incomplete', async () => {
    const engine = new FakeChatEngine({ script: [Array.from({ length: 50 }, (_, i) => `word${i} `)], chunkDelayMs: 5 });
    const { session, posted } = sessionWith(engine);
    const done = session.explain(TARGET, CONTEXT);
    while (ofType(posted, 'turnUpdate').length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.equal(session.busy, true);
    session.stop();
    await done;
    const [end] = ofType(posted, 'turnEnd');
    assert.equal(end!.stats.stopReason, 'cancelled');
    assert.ok(end!.notices.includes('Stopped: the answer is incomplete.'));
    assert.ok(!session.answerOf(0)!.includes('word49'), 'generation did not run to the end');
    assert.equal(session.busy, false);
  });

  it('answers a follow-up with the code and the earlier answer in the prompt', async () => {
    const engine = new FakeChatEngine({ script: [['It sums prices.'], ['Because reduce folds the list.']] });
    const { session, posted } = sessionWith(engine);
    await session.explain(TARGET, CONTEXT);
    await session.ask('Why reduce?');
    const messages = engine.requests[1]!.messages;
    assert.deepEqual(messages.map((message) => message.role), ['system', 'user', 'assistant', 'user']);
    assert.ok(messages[1]!.content.includes(TARGET.code));
    assert.equal(messages[2]!.content, 'It sums prices.');
    assert.equal(messages[3]!.content, 'Why reduce?');
    const starts = ofType(posted, 'turnStart');
    assert.deepEqual(starts.map((start) => [start.turn, start.question]), [[0, undefined], [1, 'Why reduce?']]);
    assert.equal(session.answerOf(1), 'Because reduce folds the list.');
  });

  it('offers the engine the conversation without its oldest exchanges, and says in the panel which ones it left out', async () => {
    const engine = new FakeChatEngine({ script: [['It sums prices.'], ['Reduce folds.'], ['Zero.']], shortenOnCall: { call: 2, shorter: 2, contextSize: 4096 } });
    const { session, posted } = sessionWith(engine);
    await session.explain(TARGET, CONTEXT);
    await session.ask('Why reduce?');
    await session.ask('What is the start value?');
    const request = engine.requests[2]!;
    // Oldest first: the first explanation, then the first follow-up; the code and the new question always stay.
    assert.deepEqual(request.shorter!.map((shorter) => shorter.messages.map((message) => message.content.slice(0, 12))), [
      [request.messages[0]!.content.slice(0, 12), request.messages[1]!.content.slice(0, 12), 'Why reduce?', 'Reduce folds', 'What is the '],
      [request.messages[0]!.content.slice(0, 12), request.messages[1]!.content.slice(0, 12), 'What is the '],
    ]);
    assert.ok(request.shorter!.every((shorter) => shorter.completion.prompt.includes(TARGET.code) && !shorter.completion.prompt.includes('It sums prices.')));
    const ends = ofType(posted, 'turnEnd');
    assert.deepEqual(ends[1]!.notices, []);
    assert.equal(
      ends[2]!.notices[0],
      "The conversation no longer fits the model's context of 4096 tokens beside an answer, so the model was not sent its 2 " +
        'oldest exchanges: the first explanation and “Why reduce?” and its answer. The code is always sent.',
    );
    assert.deepEqual(session.replay().at(-1), ends[2], 'a reloaded panel shows it too');
  });

  it('tells the user what failed and what to do when the engine fails', async () => {
    const engine = new FakeChatEngine({ script: [['x']], failOnCall: { call: 0, message: 'no model loaded' } });
    const { session, posted } = sessionWith(engine);
    await session.explain(TARGET, CONTEXT);
    const [error] = ofType(posted, 'turnError');
    assert.match(error!.message, /^The model could not answer: no model loaded\. Check that a model is set in pipit\.modelPath/);
  });

  it('shows the truncation notice in the panel when the code was cut', async () => {
    const long = { ...TARGET, code: Array.from({ length: 300 }, (_, i) => `line${i}();`).join('\n'), range: { startLine: 0, endLine: 299 } };
    const { session, posted } = sessionWith(new FakeChatEngine({ script: [['ok']] }), { budget: { ...DEFAULT_BUDGET, maxCodeChars: 500 } });
    await session.explain(long, CONTEXT);
    assert.match(ofType(posted, 'turnStart')[0]!.notices[0]!, /too long for the prompt budget/);
  });

  it('explaining something else mid-answer stops the old answer, and none of it reaches the new conversation', async () => {
    const engine = new FakeChatEngine({ script: [Array.from({ length: 40 }, () => 'old '), ['new answer']], chunkDelayMs: 5 });
    const { session, posted } = sessionWith(engine);
    const first = session.explain(TARGET, CONTEXT);
    while (ofType(posted, 'turnUpdate').length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    await session.explain({ ...TARGET, code: 'let x = 1;' }, CONTEXT);
    await first;
    const lastReset = posted.map((message) => message.type).lastIndexOf('reset');
    const after = posted.slice(lastReset);
    assert.deepEqual(after.map((message) => message.type).filter((type) => type !== 'turnUpdate'), ['reset', 'turnStart', 'turnEnd']);
    assert.ok(after.every((message) => !('blocks' in message) || !renderHtml(message.blocks).includes('old')));
    assert.equal(session.answerOf(0), 'new answer');
  });

  it('replays the conversation for a panel that was reloaded', async () => {
    const { session } = sessionWith(new FakeChatEngine({ script: [['First.'], ['Second.']] }));
    await session.explain(TARGET, CONTEXT);
    await session.ask('More?');
    assert.deepEqual(session.replay().map((message) => message.type), ['reset', 'turnStart', 'turnEnd', 'turnStart', 'turnEnd']);
  });
});
