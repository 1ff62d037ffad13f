// Ollama's context in a real VS Code: many Ollama versions run a model with 2,048 tokens of context unless asked
// for more, and cut the front of a longer prompt silently. With a large prefix budget and a long file, Pipit must
// ask (`options.num_ctx`) for a context that holds the whole prompt and the answer. Ollama cannot be installed on
// the build machines: the loopback stand-in test/unit/external/fakeOllama.ts answers and records each request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';
import { FIM_MODEL, startFakeOllama } from '../../unit/external/fakeOllama';
import type { StubServer } from '../../unit/external/stubServer';

const SETTINGS: [string, unknown][] = [
  ['engines.ollama.model', FIM_MODEL],
  ['routing.singleLine', 'ollama'],
  ['routing.multiLine', 'ollama'],
  ['context.prefixTokens', 8192],
];

describe("Ollama's context holds the prompt (the Ollama stand-in)", function () {
  this.timeout(120_000);
  let server: StubServer;
  const config = () => vscode.workspace.getConfiguration('pipit');

  before(async () => {
    await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    server = await startFakeOllama();
    await config().update('engines.ollama.endpoint', server.url, vscode.ConfigurationTarget.Global);
    for (const [key, value] of SETTINGS) await config().update(key, value, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const key of ['engines.ollama.endpoint', ...SETTINGS.map(([key]) => key)]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sends num_ctx large enough for a prompt of more than 2,048 tokens and its answer', async () => {
    // About 15,000 characters of code before the cursor: well over 2,048 tokens, within the 8,192-token budget.
    const functions = Array.from({ length: 250 }, (_, index) => `export function value${index}(x: number): number {\n  return x * ${index};\n}\n`);
    const content = `// the first line of the file\n${functions.join('')}export function last(a: number): number {\n  \n}\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content });
    const editor = await vscode.window.showTextDocument(document);
    const cursor = new vscode.Position(document.lineCount - 3, 2);
    editor.selection = new vscode.Selection(cursor, cursor);

    const generate = await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await new Promise((resolve) => setTimeout(resolve, 500));
        return server.requests.find((request) => request.path === '/api/generate');
      },
      60_000,
      'a completion request to the Ollama stand-in',
    );
    const body = generate.body as { prompt: string; suffix?: string; options: { num_ctx?: number; num_predict: number } };
    assert.ok(body.prompt.includes('the first line of the file'), `the whole file fits the prefix budget: ${body.prompt.length} characters sent`);
    const promptTokens = Math.ceil((body.prompt.length + (body.suffix ?? '').length) / 3);
    assert.ok(promptTokens > 2048, `the prompt is over Ollama's default context: about ${promptTokens} tokens`);
    assert.ok(
      typeof body.options.num_ctx === 'number' && body.options.num_ctx >= promptTokens + body.options.num_predict,
      `num_ctx ${body.options.num_ctx} holds ~${promptTokens} prompt tokens and ${body.options.num_predict} to generate`,
    );
  });
});
