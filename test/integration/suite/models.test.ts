// Models and stats in a real VS Code: Select Model lists the catalog and writes the choice to the user's settings
// only; Show Stats opens its webview; the accept command the provider attaches exists. Select Model takes a
// picker argument so the test can read the list and choose, the way a user would in the quick pick.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

type Item = vscode.QuickPickItem & { action?: string; path?: string; entry?: { id: string } };

async function listAndPick(choose: (items: Item[]) => Item | undefined): Promise<{ items: Item[]; result: unknown }> {
  let seen: Item[] = [];
  const result = await vscode.commands.executeCommand('pipit.selectModel', {
    pick: async (items: Item[]) => {
      seen = items;
      return choose(items);
    },
  });
  return { items: seen, result };
}

describe('Select Model and Show Stats in VS Code', function () {
  this.timeout(60_000);
  const modelPath = process.env.PIPIT_MODEL_PATH ?? '';
  const config = () => vscode.workspace.getConfiguration('pipit');

  after(async () => {
    await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists every catalog model, marks what fits this machine and the recommended one, and offers Browse…', async () => {
    const { items, result } = await listAndPick(() => undefined);
    assert.equal(result, undefined, 'dismissing the pick changes nothing');
    const catalog = items.filter((item) => item.action === 'catalog');
    assert.ok(catalog.length >= 7, `catalog entries: ${catalog.map((item) => item.label).join(', ')}`);
    const labels = catalog.map((item) => item.label);
    for (const name of ['Qwen2.5-Coder 0.5B', 'Qwen2.5-Coder 1.5B', 'Qwen2.5-Coder 7B', 'DeepSeek-Coder 1.3B', 'StarCoder2 3B', 'CodeGemma 2B']) {
      assert.ok(labels.some((label) => label.includes(name)), `${name} is listed`);
    }
    assert.equal(catalog.filter((item) => item.description?.includes('recommended')).length, 1);
    assert.ok(catalog.some((item) => item.description?.includes('fits this machine')));
    assert.ok(catalog.every((item) => /download|downloaded/.test(item.description ?? '')), 'each says whether it is downloaded');
    assert.ok(items.some((item) => item.action === 'browse' && item.label.includes('Browse')));
  });

  it('writes a chosen local GGUF file to the user settings, never the workspace, and remembers it', async () => {
    assert.ok(modelPath, 'the runner sets PIPIT_MODEL_PATH to a real GGUF file');
    const { result } = await listAndPick(() => ({ action: 'local', path: modelPath, label: 'test model' }));
    assert.equal(result, modelPath);
    const inspected = config().inspect<string>('modelPath');
    assert.equal(inspected?.globalValue, modelPath);
    assert.equal(inspected?.workspaceValue, undefined);

    const again = await listAndPick(() => undefined);
    const local = again.items.filter((item) => item.action === 'local');
    assert.deepEqual(local.map((item) => item.path), [modelPath], 'the file is listed under "On this machine"');
    assert.match(local[0]!.description ?? '', /in use/);
  });

  it('opens the stats webview', async () => {
    await vscode.commands.executeCommand('pipit.showStats');
    // The workbench tells the extension host about new tabs a moment after the panel is created.
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    const deadline = Date.now() + 10_000;
    while (!tabs().some((tab) => tab.label === 'Pipit: Stats') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const stats = tabs().find((tab) => tab.label === 'Pipit: Stats');
    assert.ok(stats, `tabs: ${tabs().map((tab) => tab.label).join(', ')}`);
    assert.ok(stats.input instanceof vscode.TabInputWebview);
  });

  it('registers the accept command the inline items run, and the walkthrough commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of ['pipit.accepted', 'pipit.downloadRecommendedModel', 'pipit.chooseLocalModel']) assert.ok(commands.has(command), command);
  });
});
