// The model's context is sized from the settings' budgets (pipit.context.*, pipit.maxTokens), within the memory
// check: a budget is honoured, or the load's notices say it was not and why. Real engine process, tiny test models.
// Needs dist/engineWorker.js (`node esbuild.mjs --tests`).
import * as assert from 'node:assert/strict';
import { contextTokensFor, MIN_CONTEXT_TOKENS } from '../../../src/config/modelRequest';
import { DEFAULTS, type Settings } from '../../../src/config/settings';
import type { EngineClient } from '../../../src/engine/EngineClient';
import type { LoadRequest } from '../../../src/engine/types';
import { ensureLongContextModel, ensureTestModels } from '../../models/testModels';
import { sharedLlama } from '../models/sharedLlama';
import { startEngine } from './engineHarness';

const budgets = (changes: Partial<Settings>): Settings => ({ ...DEFAULTS, ...changes });

describe('context sized from the budgets', function () {
  this.timeout(120_000);
  const clients: EngineClient[] = [];
  after(() => clients.forEach((client) => client.dispose()));

  function engine(model: LoadRequest): EngineClient {
    const { client } = startEngine({ model });
    clients.push(client);
    return client;
  }

  it('asks for a context that holds every budget and the answer, never less than the default', () => {
    assert.equal(contextTokensFor([DEFAULTS]), MIN_CONTEXT_TOKENS);
    const large = budgets({ prefixTokens: 12_000, suffixTokens: 2000, extraContextTokens: 3000, maxTokens: 256 });
    const needed = contextTokensFor([large]);
    assert.ok(needed >= 12_000 + 2000 + 3000 + 256, `${needed}`);
    assert.ok(needed % 1024 === 0 && needed < 12_000 + 2000 + 3000 + 256 + 2048, `${needed} in whole steps, not far above the need`);
    assert.ok(contextTokensFor([large, { ...large, extraContext: false }]) === needed, 'the largest folder decides');
    assert.ok(contextTokensFor([{ ...large, extraContext: false }]) < needed, 'extra files off: their budget needs no room');
  });

  it('loads the model with the context the budgets ask for', async () => {
    const client = engine({ modelPath: await ensureLongContextModel(), contextSize: 16_384 });
    const info = await client.load();
    assert.equal(info.contextSize, 16_384);
    assert.deepEqual(info.notices.filter((notice) => /context budgets/.test(notice)), []);
  });

  it('says so when the model was trained on less than the budgets need', async () => {
    const { qwenFim } = await ensureTestModels();
    const client = engine({ modelPath: qwenFim, contextSize: 16_384 });
    const info = await client.load();
    assert.equal(info.contextSize, 4096);
    const notice = info.notices.find((line) => /context budgets/.test(line));
    assert.ok(notice, JSON.stringify(info.notices));
    assert.match(notice, /need 16384 tokens, but .* was trained on 4096 tokens: prompts are cut to 4096 tokens/);
  });

  it('halves a context that memory cannot hold, down to the default, and says so', async () => {
    const path = await ensureLongContextModel();
    // What llama.cpp estimates this model needs with each context (two sequences: completion and chat).
    const { readGgufFileInfo, GgufInsights } = await import('node-llama-cpp');
    const insights = await GgufInsights.from(await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false }), await sharedLlama());
    const ram = (contextSize: number) =>
      insights.estimateModelResourceRequirements({ gpuLayers: 0 }).cpuRam +
      insights.estimateContextResourceRequirements({ contextSize, modelGpuLayers: 0, sequences: 2 }).cpuRam;
    // Room for 4096 tokens, not for 8192.
    const ramBytes = Math.floor((ram(4096) + ram(8192)) / 2);
    const client = engine({ modelPath: path, contextSize: 16_384, memory: { ramBytes } });
    const info = await client.load();
    assert.equal(info.contextSize, 4096);
    const notice = info.notices.find((line) => /context budgets/.test(line));
    assert.ok(notice, JSON.stringify(info.notices));
    assert.match(notice, /need 16384 tokens, but the free memory holds no more beside the model: prompts are cut to 4096 tokens/);
  });
});
