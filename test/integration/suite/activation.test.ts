// The extension as VS Code sees it: it activates by itself after startup, and everything package.json promises
// (commands, settings with their defaults and scopes) is really there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pipit.pipit';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default: unknown; scope?: string }> };
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('Pipit in VS Code', () => {
  let extension: vscode.Extension<unknown>;
  let manifest: Manifest;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded in this VS Code`);
    extension = found;
    manifest = found.packageJSON as Manifest;
  });

  it('activates on its own after startup (onStartupFinished)', async () => {
    // No activate() call here: the point is that VS Code starts it without being asked.
    assert.ok(await waitUntil(() => extension.isActive, 20_000), 'Pipit did not activate within 20 s of startup');
  });

  it('registers every command that package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map(({ command }) => command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(contributed.filter((command) => !registered.has(command)), []);
  });

  it('reads every contributed setting with its default', () => {
    const configuration = vscode.workspace.getConfiguration();
    for (const [key, { default: expected }] of Object.entries(manifest.contributes.configuration.properties)) {
      const inspected = configuration.inspect(key);
      assert.ok(inspected, `${key} is not a known setting`);
      assert.deepEqual(inspected.defaultValue, expected, `default of ${key}`);
      assert.deepEqual(configuration.get(key), expected, `value of ${key} in a profile that does not set it`);
    }
  });

  it('ignores a workspace that tries to choose the model file (pipit.modelPath is machine scope)', () => {
    // test/fixtures/workspace/.vscode/settings.json sets pipit.modelPath and pipit.threads on purpose.
    const inspected = vscode.workspace.getConfiguration('pipit').inspect<string>('modelPath');
    assert.ok(inspected);
    assert.equal(inspected.workspaceValue, undefined);
    assert.equal(inspected.workspaceFolderValue, undefined);
    assert.equal(vscode.workspace.getConfiguration('pipit').get('modelPath'), '');
    assert.equal(vscode.workspace.getConfiguration('pipit').get('threads'), 0);
  });
});
