// Catalog downloads in a real VS Code: choosing a code model offers its chat pair for Explain with one consent, both
// files download (with progress notifications) and both settings are written; declining the pair says what Explain
// uses instead; a general small language model is offered for Explain. Hugging Face cannot be reached from the build
// machines, so a local stand-in for the hub (test/unit/catalog/hubStandIn.ts, reached through HF_ENDPOINT, the
// mirror variable Pipit honours) serves small files, and each picked entry is the real catalog entry with its
// repository, size and SHA-256 pointed at those files. The dialogs are answered through the command's test seam.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import type { CatalogEntry, ChatModel } from '../../../src/catalog/types';
import { startHubStandIn, type HubStandIn } from '../../unit/catalog/hubStandIn';

type Item = vscode.QuickPickItem & { action?: string; entry?: CatalogEntry; model?: ChatModel };
interface Asked {
  message: string;
  detail: string;
  actions: readonly string[];
}

const REVISION = 'c0ffee'.padEnd(40, '0');
const FILES = {
  code: { repo: 'pipit-test/Coder-0.5B-GGUF', path: 'pipit-test-coder-0.5b-q8_0.gguf' },
  pair: { repo: 'pipit-test/Coder-0.5B-Instruct-GGUF', path: 'pipit-test-coder-0.5b-instruct-q4_k_m.gguf' },
  general: { repo: 'pipit-test/General-1.5B-Instruct-GGUF', path: 'pipit-test-general-1.5b-instruct-q4_k_m.gguf' },
};

describe('catalog downloads and chat pairs in VS Code (a local stand-in for Hugging Face)', function () {
  this.timeout(120_000);
  let api: PipitApi;
  let hub: HubStandIn;
  const config = () => vscode.workspace.getConfiguration('pipit');
  const downloaded: string[] = [];

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    hub = await startHubStandIn(...(Object.values(FILES).map((file) => ({ ...file, revision: REVISION })) as [Parameters<typeof startHubStandIn>[0]]));
    // The test runs in the extension host, whose environment Pipit reads when it downloads.
    process.env['HF_ENDPOINT'] = hub.url;
  });

  after(async () => {
    delete process.env['HF_ENDPOINT'];
    await hub.close();
    await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
    await config().update('chatModelPath', undefined, vscode.ConfigurationTarget.Global);
    for (const path of downloaded) rmSync(path, { force: true });
  });

  /** The file of the stand-in at `index`, as a catalog URL, size and checksum. */
  function served(index: number): { url: string; fileName: string; sizeBytes: number; sha256: string } {
    const file = Object.values(FILES)[index]!;
    return {
      url: `https://huggingface.co/${file.repo}/resolve/${REVISION}/${file.path}`,
      fileName: file.path,
      sizeBytes: hub.files[index]!.data.length,
      sha256: hub.files[index]!.sha256,
    };
  }

  /** Runs Select Model, picks with `choose`, and answers each dialog with `answer`. */
  async function select(choose: (items: Item[]) => Item | undefined, answer: (asked: Asked) => string | undefined) {
    const asked: Asked[] = [];
    const told: string[] = [];
    let items: Item[] = [];
    const result = await vscode.commands.executeCommand<string | undefined>('pipit.selectModel', {
      pick: async (shown: Item[]) => {
        items = shown;
        return choose(shown);
      },
      ui: {
        confirm: async (message: string, detail: string, actions: readonly string[]) => {
          asked.push({ message, detail, actions });
          return answer(asked.at(-1)!);
        },
        tell: (message: string) => told.push(message),
      },
    });
    if (typeof result === 'string') downloaded.push(result);
    return { result, items, asked, told };
  }

  const codeItem = (items: Item[]) => items.find((item) => item.action === 'catalog' && item.entry?.id === 'qwen2.5-coder-0.5b-q8_0')!;

  it('offers the chat pair with the code model in one consent, downloads both and sets pipit.chatModelPath', async () => {
    const { result, items, asked, told } = await select(
      (shown) => {
        const item = codeItem(shown);
        const entry = item.entry!;
        assert.match(item.detail ?? '', new RegExp(`Explains with ${entry.chat!.label}`));
        return { ...item, entry: { ...entry, ...served(0), chat: { ...entry.chat!, ...served(1) } } };
      },
      () => 'Download Both',
    );
    assert.ok(codeItem(items), 'the catalog lists Qwen2.5-Coder 0.5B Q8_0');
    assert.equal(asked.length, 1, `one consent for both files: ${JSON.stringify(asked)}`);
    const [consent] = asked;
    assert.match(consent!.message, /Qwen2\.5-Coder 0\.5B Q8_0 \(66 KB\).*chat pair Qwen2\.5-Coder 0\.5B Instruct Q4_K_M \(66 KB\) for Explain/);
    assert.deepEqual(consent!.actions, ['Download Both', 'Code Model Only']);
    assert.match(consent!.detail, new RegExp(`From: ${hub.url}/${FILES.code.repo}/resolve/`));
    assert.match(consent!.detail, new RegExp(`From: ${hub.url}/${FILES.pair.repo}/resolve/`));

    assert.equal(typeof result, 'string', `the code model's path: ${JSON.stringify({ result, told })}`);
    const chatPath = config().inspect<string>('chatModelPath')?.globalValue;
    assert.ok(chatPath, 'pipit.chatModelPath is set in the user settings');
    downloaded.push(chatPath);
    assert.equal(config().inspect<string>('modelPath')?.globalValue, result);
    assert.equal(basename(chatPath), FILES.pair.path);
    assert.deepEqual(readFileSync(result as string), hub.files[0]!.data, 'the code model came from the stand-in, verified');
    assert.deepEqual(readFileSync(chatPath), hub.files[1]!.data, 'so did its chat pair');
    assert.equal(api.modelRequest?.chatModelPath, chatPath, 'the engine is asked to load the pair for Explain');
    assert.ok(told.some((message) => /Instruct Q4_K_M downloaded and verified/.test(message)), told.join(' | '));
  });

  it('a user who declines the pair keeps the code model and is told what Explain will use instead', async () => {
    await config().update('chatModelPath', undefined, vscode.ConfigurationTarget.Global);
    const { result, asked, told } = await select(
      (shown) => {
        const item = codeItem(shown);
        return { ...item, entry: { ...item.entry!, ...served(0), chat: { ...item.entry!.chat!, ...served(1) } } };
      },
      () => 'Code Model Only',
    );
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.message, /Use Qwen2\.5-Coder 0\.5B Instruct Q4_K_M \(downloaded\) for Explain Selection/);
    assert.equal(typeof result, 'string');
    assert.equal(config().inspect<string>('chatModelPath')?.globalValue, undefined, 'the pair was not set');
    assert.ok(
      told.some((message) => message.includes(`Explain Selection will use the code model ${FILES.code.path}`)),
      `told: ${told.join(' | ')}`,
    );
  });

  it('offers a general small language model for Explain where it fits, and choosing it sets pipit.chatModelPath', async () => {
    const { result, items, asked } = await select(
      (shown) => {
        const item = shown.find((each) => each.action === 'chat' && each.model?.general);
        assert.ok(item, `a general chat model is listed: ${shown.map((each) => each.label).join(', ')}`);
        return { ...item, model: { ...item.model!, ...served(2) } };
      },
      () => 'Download',
    );
    const general = items.find((item) => item.action === 'chat' && item.model?.general)!;
    assert.match(general.label, /Qwen2\.5 1\.5B Instruct Q4_K_M/);
    assert.match(general.description ?? '', /fits this machine/);
    assert.ok(items.some((item) => item.kind === vscode.QuickPickItemKind.Separator && item.label === 'For Explain Selection'));
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.message, /Download Qwen2\.5 1\.5B Instruct Q4_K_M/);
    assert.equal(config().inspect<string>('chatModelPath')?.globalValue, result);
    assert.ok(existsSync(result as string));
    assert.deepEqual(readFileSync(result as string), hub.files[2]!.data);
  });
});
