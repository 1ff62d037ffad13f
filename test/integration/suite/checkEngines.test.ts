// Pipit: Check Engines in a real VS Code reports what it measured. The built-in engine's "Fill-in-the-middle" comes
// from the loaded model's vocabulary: "not known yet" before it loads, NOT OK for a missing file, "no" for a model
// without FIM tokens (the prefix-only test model `noFim`, written here by the test-model helpers). The
// OpenAI-compatible client asks the server: a real llama-server serving the scripted test model (Qwen2.5 FIM
// vocabulary) under a chat-tuned-looking name says yes for the Qwen format, and no for StarCoder's markers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { startTestLlamaServer, type RunningServer } from '../../harness/llamaServer';
import { until } from '../../harness/until';
import { ensureTestModels } from '../../models/testModels';

const config = () => vscode.workspace.getConfiguration('pipit');
const check = () => vscode.commands.executeCommand<string>('pipit.checkEngines');
/** The report's table row of an engine, and its line under "Details". */
function rowOf(report: string, label: string): { row: string; detail: string } {
  const lines = report.split('\n');
  return {
    row: lines.find((line) => line.startsWith(`| ${label}`)) ?? `(no row for ${label} in)\n${report}`,
    detail: lines.find((line) => line.startsWith(`- **${label}`)) ?? '',
  };
}

describe('Check Engines reports what it measured', function () {
  this.timeout(180_000);
  let api: PipitApi;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
  });

  describe('the built-in engine', () => {
    const envModel = process.env['PIPIT_MODEL_PATH'];

    after(async () => {
      if (envModel !== undefined) process.env['PIPIT_MODEL_PATH'] = envModel;
      await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('pipit.restartEngine');
    });

    it('says "not known yet" before the model loads, NOT OK for a missing file, and "no" for a model without FIM tokens', async () => {
      await vscode.commands.executeCommand('pipit.restartEngine');
      const before = rowOf(await check(), 'Built-in');
      assert.match(before.row, /\| OK \| [^|]+\.gguf \| not known yet \|/, before.row);
      assert.match(before.detail, /has not loaded yet/, before.detail);

      // The model chosen in the user settings, as a user would: the runner's environment variable would override it.
      delete process.env['PIPIT_MODEL_PATH'];
      await config().update('modelPath', '/nonexistent/pipit-missing-model.gguf', vscode.ConfigurationTarget.Global);
      const missing = rowOf(await check(), 'Built-in');
      assert.match(missing.row, /\| NOT OK \| pipit-missing-model\.gguf \| no \|/, missing.row);
      assert.match(missing.detail, /does not exist/, missing.detail);

      const { noFim } = await ensureTestModels();
      await config().update('modelPath', noFim, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('pipit.loadModel');
      await until(() => api.engineStatus.state === 'ready' && api.engineStatus.model?.modelPath === noFim, 120_000, 'the prefix-only model to load');
      const loaded = rowOf(await check(), 'Built-in');
      assert.match(loaded.row, /\| OK \| noFim-[^|]+\.gguf \| no \|/, loaded.row);
      assert.match(loaded.detail, /no FIM tokens/, loaded.detail);
    });
  });

  describe('an OpenAI-compatible server (a real llama-server)', () => {
    let server: RunningServer | undefined;

    before(async () => {
      const model = process.env['PIPIT_TEST_SERVER_MODEL'];
      assert.ok(model, 'the runner writes the server model and names it in PIPIT_TEST_SERVER_MODEL');
      server = await startTestLlamaServer(model, [], { build: false });
      await config().update('engines.openai.endpoint', `${server.url}/v1`, vscode.ConfigurationTarget.Global);
      // A name that looks chat-tuned: the answer must come from the server, not from the name.
      await config().update('engines.openai.model', 'qwen2.5-coder-1.5b-instruct', vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      for (const key of ['engines.openai.endpoint', 'engines.openai.model', 'engines.openai.fimFormat']) {
        await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      await server?.stop();
    });

    const openAiRow = async () => {
      await until(() => api.engines.some((engine) => engine.kind === 'openai'), 10_000, 'the OpenAI-compatible engine to be set up');
      return rowOf(await check(), 'OpenAI-compatible server');
    };

    it('answers "yes" when the served model reads the FIM markers as tokens, "no" when it does not', async () => {
      // The engine is set up again after each setting written in before(): wait for the one with the model name.
      const qwen = await until(async () => {
        const row = await openAiRow();
        return row.row.includes('| qwen2.5-coder-1.5b-instruct |') && row;
      }, 20_000, 'the report for the model named in the settings');
      assert.match(qwen.row, /\| OK \| qwen2\.5-coder-1\.5b-instruct \| yes \|/, qwen.row);
      assert.match(qwen.detail, /reads the Qwen2\.5-Coder FIM markers as tokens/, qwen.detail);

      await config().update('engines.openai.fimFormat', 'starcoder', vscode.ConfigurationTarget.Global);
      await until(async () => / \| no \| /.test((await openAiRow()).row), 20_000, 'the report for the StarCoder format');
      const starcoder = await openAiRow();
      assert.match(starcoder.detail, /reads the StarCoder[^ ]* FIM markers as plain text/, starcoder.detail);
    });
  });
});
