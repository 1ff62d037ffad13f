// Routing by request kind with fallback to the built-in engine. The engines are fakes (fakeEngines.ts) except in
// the last test, which sends a real LlamaServerClient to a port nothing listens on.
import * as assert from 'node:assert/strict';
import type { InfillRequest } from '../../../src/engine/types';
import { LlamaServerClient } from '../../../src/external/LlamaServerClient';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { chooseEngine } from '../../../src/routing/chooseEngine';
import { EngineRouter, type RouterTimers } from '../../../src/routing/EngineRouter';
import { requestKind } from '../../../src/routing/requestKind';
import { DEFAULT_RULES, type RouteDecision, type RouteRules } from '../../../src/routing/types';
import { closedPort } from '../external/stubServer';
import { fakeEngine, unreachable, type FakeEngine } from './fakeEngines';

const singleLine: InfillRequest = { prefix: 'const x = ', suffix: ';\n', maxTokens: 16, maxTimeMs: 2000, stop: ['\n'] };
const multiLine: InfillRequest = { prefix: 'function f() {\n', suffix: '\n}\n', maxTokens: 64, maxTimeMs: 2000 };
const chatRequest = { messages: [{ role: 'user' as const, content: 'explain' }], completion: { prompt: '', stop: [] } };
const smallFirst: RouteRules = { singleLine: 'builtin', multiLine: 'llamaServer', explain: 'ollama' };

/** Real timers, with a clock the test can move forward to end cool-downs. */
function steppedTimers(): RouterTimers & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    advance: (ms) => (offset += ms),
  };
}

function router(engines: { builtin: FakeEngine; llamaServer?: FakeEngine | LlamaServerClient; ollama?: FakeEngine }, rules = smallFirst, budgetMs = 200) {
  const decisions: RouteDecision[] = [];
  const timers = steppedTimers();
  const { builtin, ...external } = engines;
  const routed = new EngineRouter({
    builtin,
    engines: () => external,
    rules: () => rules,
    firstTokenBudgetMs: () => budgetMs,
    coolDownMs: 10_000,
    onDecision: (decision) => decisions.push(decision),
    timers,
  });
  return { routed, decisions, timers };
}

describe('routing', () => {
  it('tells single-line from multi-line requests by their newline stop', () => {
    assert.equal(requestKind(singleLine), 'singleLine');
    assert.equal(requestKind(multiLine), 'multiLine');
    assert.equal(requestKind({ ...singleLine, mode: 'multi' } as InfillRequest), 'multiLine');
  });

  it('rules: built-in by default; an unconfigured or down engine falls back to built-in', () => {
    const all = { configured: () => true, down: () => false };
    assert.deepEqual(chooseEngine('multiLine', DEFAULT_RULES, all), { wanted: 'builtin', engine: 'builtin' });
    assert.deepEqual(chooseEngine('multiLine', smallFirst, all), { wanted: 'llamaServer', engine: 'llamaServer' });
    assert.deepEqual(chooseEngine('multiLine', smallFirst, { ...all, configured: () => false }), { wanted: 'llamaServer', engine: 'builtin', fallback: 'notConfigured' });
    assert.deepEqual(chooseEngine('multiLine', smallFirst, { ...all, down: () => true }), { wanted: 'llamaServer', engine: 'builtin', fallback: 'down' });
  });

  it('sends single-line to the built-in engine and multi-line to llama-server, and says who answered', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = fakeEngine('llamaServer', {}, true);
    const { routed, decisions } = router({ builtin, llamaServer });
    const one = await routed.complete(singleLine);
    const many = await routed.complete(multiLine);
    assert.deepEqual([one.text, one.engine], ['from builtin', 'builtin']);
    assert.deepEqual([many.text, many.engine], ['from llamaServer', 'llamaServer']);
    assert.deepEqual(decisions.map((d) => [d.kind, d.answeredBy, d.leftMachine]), [['singleLine', 'builtin', false], ['multiLine', 'llamaServer', true]]);
  });

  it('falls back when the server is down, skips it during the cool-down, and tries it again after', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = fakeEngine('llamaServer', { fail: unreachable() });
    const { routed, decisions, timers } = router({ builtin, llamaServer });
    const first = await routed.complete(multiLine);
    assert.equal(first.text, 'from builtin');
    assert.equal(decisions[0]!.fallback?.reason, 'failed');
    assert.match(decisions[0]!.fallback?.error ?? '', /refused the connection/);
    await routed.complete(multiLine);
    assert.equal(llamaServer.calls, 1, 'not asked again while cooling down');
    assert.equal(decisions[1]!.fallback?.reason, 'down');
    llamaServer.behaviour = {};
    timers.advance(10_001);
    const back = await routed.complete(multiLine);
    assert.equal(back.engine, 'llamaServer');
  });

  it('aborts an engine with no first token within the budget, and the built-in engine answers', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = fakeEngine('llamaServer', { firstTokenMs: 5000 });
    const { routed, decisions } = router({ builtin, llamaServer }, smallFirst, 100);
    const started = Date.now();
    const result = await routed.complete(multiLine);
    assert.equal(result.engine, 'builtin');
    assert.ok(Date.now() - started < 1000, 'did not wait for the slow engine');
    assert.equal(llamaServer.lastSignal?.aborted, true, 'the slow request was aborted');
    assert.equal(decisions[0]!.fallback?.reason, 'slow');
  });

  it('lets an engine that started streaming within the budget finish, however long the rest takes', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = fakeEngine('llamaServer', { firstTokenMs: 10, restMs: 300 });
    const { routed } = router({ builtin, llamaServer }, smallFirst, 100);
    const result = await routed.complete(multiLine);
    assert.deepEqual([result.engine, result.stopReason], ['llamaServer', 'eos']);
    assert.equal(builtin.calls, 0);
  });

  it('a cancelled request is not retried on the built-in engine', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = fakeEngine('llamaServer', { firstTokenMs: 1000 });
    const { routed } = router({ builtin, llamaServer }, smallFirst, 5000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const result = await routed.complete(multiLine, { signal: controller.signal });
    assert.equal(result.stopReason, 'cancelled');
    assert.equal(builtin.calls, 0);
  });

  it('explain goes to its own engine; falls back only if nothing was streamed yet', async () => {
    const builtin = fakeEngine('builtin');
    const ollama = fakeEngine('ollama');
    const { routed } = router({ builtin, ollama });
    assert.equal((await routed.chat(chatRequest)).engine, 'ollama');
    ollama.behaviour = { fail: new ExternalEngineError('UNREACHABLE', 'Ollama refused the connection') };
    assert.equal((await routed.chat(chatRequest)).engine, 'builtin');
    routed.resetFailures();
    ollama.behaviour = { text: 'half an answer', fail: new ExternalEngineError('SERVER_ERROR', 'Ollama failed during generation') };
    await assert.rejects(routed.chat(chatRequest, { onText: () => undefined }), /failed during generation/);
  });

  it('a stopped llama-server (real client, closed port) costs one failed request, then the built-in engine answers directly', async () => {
    const builtin = fakeEngine('builtin');
    const llamaServer = new LlamaServerClient({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    const { routed, decisions } = router({ builtin, llamaServer });
    assert.equal((await routed.complete(multiLine)).engine, 'builtin');
    assert.equal((await routed.complete(multiLine)).engine, 'builtin');
    assert.deepEqual(decisions.map((d) => d.fallback?.reason), ['failed', 'down']);
  });
});
