// The whole completion path inside a real extension host: provider -> pipeline -> engine child process
// (node-llama-cpp, the scripted test model chosen by the runner through PIPIT_MODEL_PATH) -> filters -> editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import { E2E_SCRIPT } from '../../harness/testModel';
import { until } from '../../harness/until';
import { acceptUntil, triggerUntil } from './suggestions';

describe('inline completion from the local engine', function () {
  this.timeout(120_000);
  let api: PipitApi;

  before(async () => {
    assert.ok(process.env.PIPIT_MODEL_PATH, 'the runner sets PIPIT_MODEL_PATH to the scripted test model');
    const extension = vscode.extensions.getExtension<PipitApi>('pipit.pipit')!;
    api = await extension.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('answers a request end to end in the engine process, and Tab-accept puts the suggestion in the document', async () => {
    // An untitled copy of the sample file: accepting the suggestion must not change the fixture on disk.
    const [folder] = vscode.workspace.workspaceFolders ?? [];
    const sample = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder!.uri, 'math.ts'));
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: Buffer.from(sample).toString('utf8') });
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((text, index, lines) => lines[index - 1]?.includes('midpoint') && text.trim() === '');
    assert.ok(line > 0, 'math.ts has an empty line in midpoint()');
    const position = new vscode.Position(line, document.lineAt(line).text.length);
    editor.selection = new vscode.Selection(position, position);

    const before = api.counters.engineRequests;
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await until(() => api.counters.engineRequests > before && api.engineStatus.state === 'ready', 60_000, 'an engine answer');
    assert.ok(api.enginePid && api.enginePid !== process.pid, 'the model runs in its own process, not the extension host');

    // The suggestion shows once the answer is in (now cached); accepting it is what the user's Tab does.
    await acceptUntil(document, E2E_SCRIPT, 'the accepted suggestion in the document', 30_000);
    assert.match(document.lineAt(line).text, /^ {2}console\.log\(a\);$/);
    assert.equal(document.lineAt(line + 1).text, '  return b;');
  });
  it('asks for alternatives (Alt+\\) without a sampled request the built-in engine would answer with a duplicate', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function third(a: number, b: number) {\n  \n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    const seenRecords = new Set(api.requests);
    const seenSent = new Set(api.engineRequests);
    const record = await triggerUntil(() => api.requests.find((each) => !seenRecords.has(each) && each.trigger === 'explicit' && each.outcome === 'shown'), 'an explicit request answered');
    const sent = api.engineRequests.filter((request) => !seenSent.has(request));
    assert.deepEqual(sent.filter((request) => request.temperature !== undefined || request.seed !== undefined), [], 'no sampled request');
    assert.equal(record.engineRequests, 1, 'several lines asked once: its first line is the other alternative');
    assert.equal(record.items, 2, 'the answer and its first line to cycle through');
  });

  it("accepts part of a suggestion with VS Code's own accept-next-word and accept-next-line", async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function half(a: number, b: number) {\n  \n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    // One step at a time: trigger, let the ghost text show, accept once, look (overlapping steps would accept more).
    const step = async (accept: string): Promise<string> => {
      const before = document.lineAt(1).text;
      const deadline = Date.now() + 60_000;
      while (document.lineAt(1).text === before) {
        if (Date.now() > deadline) throw new Error(`${accept} changed nothing within 60 s`);
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await vscode.commands.executeCommand(accept);
      }
      return document.lineAt(1).text;
    };
    const full = '  console.log(a);';
    // VS Code's word boundaries decide how much one step takes ('  console.log(' here): a part, never all.
    const part = await step('editor.action.inlineSuggest.acceptNextWord');
    assert.ok(full.startsWith(part) && part.length < full.length, `a part of the first line: ${JSON.stringify(part)}`);
    assert.equal(await step('editor.action.inlineSuggest.acceptNextLine'), full);
    assert.ok(!document.getText().includes('return b;'), 'the second line of the suggestion is still only a suggestion');
  });
});
