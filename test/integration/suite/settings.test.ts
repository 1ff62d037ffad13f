// Every `pipit.*` setting, changed while Pipit runs in a real VS Code (a multi-root workspace, as the runner opens
// it), takes effect without a reload, where it is set: user settings, a folder of the workspace, a language. One row
// per setting: what is observed before, the change, and what must be observed after.
import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import * as vscode from 'vscode';
import type { PipitApi } from '../../../src/extension';
import type { RequestRecord } from '../../../src/completion/types';
import type { ExplanationRecord } from '../../../src/explain/recordedChat';
import type { InfillRequest } from '../../../src/engine/types';
import type { RouteDecision } from '../../../src/routing/types';
import { until } from '../../harness/until';
import { triggerUntil } from './suggestions';
import { sendJson, sleep, startStubServer, type StubServer } from '../../unit/external/stubServer';

/** What one explicit request did: its record, what it sent to engines, and which engine answered. */
interface Probe {
  record: RequestRecord;
  sent: InfillRequest[];
  routes: RouteDecision[];
}

interface Change {
  key: string;
  value: unknown;
  /** `folder`: the second workspace folder's settings; `user` by default. */
  where?: 'user' | 'folder';
  /** Set as this language's override (`"[python]": {...}`). */
  languageId?: string;
}

interface Row {
  name: string;
  /** Settings the row needs first (an engine's endpoint before its model matters). */
  given?: Change[];
  change: Change;
  observe: () => Promise<unknown>;
  /** True when the observation shows the change took effect. */
  changed: (observed: never) => boolean;
  /** Runs around the row (PIPIT_MODEL_PATH, set by the runner, would hide pipit.modelPath). */
  around?: () => () => void;
}

/** Stands for the fake servers' URL in the rows, which are written before the servers start. */
const SERVER = '<the fake servers>';

describe('settings take effect while Pipit runs, where they are set', function () {
  this.timeout(600_000);
  let api: PipitApi;
  let server: StubServer;
  let second: vscode.WorkspaceFolder;
  let probes = 0;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, 'the runner opens a multi-root workspace of two folders');
    second = folders[1]!;
    server = await startStubServer(fakeServers);
  });

  after(async () => {
    await server?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const fileIn = (name: string) => vscode.Uri.joinPath(second.uri, name);

  async function apply(change: Change, value: unknown): Promise<void> {
    const scope = change.languageId ? { languageId: change.languageId } : change.where === 'folder' ? second.uri : undefined;
    const config = vscode.workspace.getConfiguration('pipit', scope);
    const target = change.where === 'folder' ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
    await config.update(change.key, value === SERVER ? server.url : value, target, change.languageId ? true : undefined);
  }

  /**
   * Asks for a suggestion explicitly at an empty line inside a function, in a fresh untitled document of `language`
   * or in a file of the second folder; every probe's document differs, so no cache answers it.
   */
  async function probe(place: { language: 'typescript' | 'python' } | { file: string }): Promise<Probe> {
    const stamp = `probe ${++probes}`;
    let editor: vscode.TextEditor;
    let line: number;
    if ('language' in place) {
      const content =
        place.language === 'python' ? `# ${stamp}\ndef total(items):\n    \n` : `// ${stamp}\nexport function pick(a: number, b: number): number {\n  \n}\n`;
      editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: place.language, content }));
      line = 2;
    } else {
      editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileIn(place.file)));
      const comment = place.file.endsWith('.py') ? '#' : '//';
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), `${comment} ${stamp}\n`));
      line = 2;
    }
    const uri = editor.document.uri.toString();
    const cursor = new vscode.Position(line, editor.document.lineAt(line).text.length);
    editor.selection = new vscode.Selection(cursor, cursor);
    const seenRecords = new Set(api.requests);
    const seenSent = new Set(api.engineRequests);
    const seenRoutes = new Set(api.routes);
    try {
      const record = await triggerUntil(
        () => api.requests.find((each) => !seenRecords.has(each) && each.uri === uri && each.trigger === 'explicit' && each.outcome !== 'cancelled'),
        `an answered request in ${uri}`,
      );
      // Let the request's alternatives and its prefetch finish, so the next probe starts on a quiet engine.
      await sleep(300);
      return {
        record,
        sent: api.engineRequests.filter((each) => !seenSent.has(each)),
        routes: api.routes.filter((each) => !seenRoutes.has(each)),
      };
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  }

  const first = async (place: Parameters<typeof probe>[0]) => {
    const { sent, record } = await probe(place);
    assert.ok(sent[0], `an engine request was made: ${JSON.stringify(record)}`);
    return sent[0];
  };
  const reason = async (place: Parameters<typeof probe>[0]) => (await probe(place)).record.reason ?? 'asked';
  const answeredBy = async () => (await probe({ language: 'typescript' })).routes[0]?.answeredBy;
  const sentToServer = async (path: string) => {
    const before = server.requests.length;
    await probe({ language: 'typescript' });
    return server.requests.slice(before).find((request) => request.path === path)?.body as Record<string, unknown> | undefined;
  };
  const ollama = (model = 'coder:base'): Change[] => [
    { key: 'engines.ollama.endpoint', value: SERVER },
    { key: 'engines.ollama.model', value: model },
    { key: 'routing.multiLine', value: 'ollama' },
  ];
  const openai: () => Change[] = () => [
    { key: 'engines.openai.endpoint', value: SERVER },
    { key: 'engines.openai.model', value: 'coder' },
    { key: 'routing.multiLine', value: 'openai' },
  ];
  const engines = async () => api.engines;

  const rows: Row[] = [
    { name: 'enable', change: { key: 'enable', value: false }, observe: () => reason({ language: 'typescript' }), changed: (r: string) => r === 'disabled' },
    {
      name: 'languages',
      change: { key: 'languages', value: { '*': true, typescript: false } },
      observe: () => reason({ language: 'typescript' }),
      changed: (r: string) => r === 'languageDisabled',
    },
    {
      name: 'modelPath',
      change: { key: 'modelPath', value: '/models/other.gguf' },
      observe: async () => api.modelRequest?.modelPath,
      changed: (p: string) => p === '/models/other.gguf',
      around: () => {
        const fromRunner = process.env.PIPIT_MODEL_PATH;
        delete process.env.PIPIT_MODEL_PATH;
        return () => {
          process.env.PIPIT_MODEL_PATH = fromRunner;
        };
      },
    },
    { name: 'chatModelPath', change: { key: 'chatModelPath', value: '/models/chat.gguf' }, observe: async () => api.modelRequest?.chatModelPath, changed: (p: string) => p === '/models/chat.gguf' },
    { name: 'threads', change: { key: 'threads', value: 1 }, observe: async () => api.modelRequest?.threads, changed: (n: number) => n === 1 },
    { name: 'gpu', change: { key: 'gpu', value: 'off' }, observe: async () => api.modelRequest?.gpu, changed: (g: string) => g === 'off' },
    { name: 'gpuLayers', change: { key: 'gpuLayers', value: 3 }, observe: async () => api.modelRequest?.gpuLayers, changed: (n: number) => n === 3 },
    { name: 'idleUnloadMinutes', change: { key: 'idleUnloadMinutes', value: 2 }, observe: async () => api.idleUnloadMs, changed: (ms: number) => ms === 120_000 },
    { name: 'maxTokens', change: { key: 'maxTokens', value: 12 }, observe: async () => (await first({ language: 'typescript' })).maxTokens, changed: (n: number) => n === 12 },
    { name: 'maxTimeMs', change: { key: 'maxTimeMs', value: 2500 }, observe: async () => (await first({ language: 'typescript' })).maxTimeMs, changed: (n: number) => n === 2500 },
    {
      name: 'multiline',
      change: { key: 'multiline', value: 'never' },
      observe: async () => (await first({ language: 'typescript' })).stop ?? [],
      changed: (stop: string[]) => stop.includes('\n'),
    },
    {
      name: 'context.prefixTokens',
      change: { key: 'context.prefixTokens', value: 16 },
      observe: async () => {
        const sent = await first({ file: 'tools.ts' });
        return { chars: sent.prefix.length + (sent.middle ?? '').length, context: api.modelRequest?.contextSize };
      },
      changed: (seen: { chars: number }) => seen.chars <= 16 * 3 + 3,
    },
    {
      name: 'context.prefixTokens (sizes the model context)',
      change: { key: 'context.prefixTokens', value: 12_000 },
      observe: async () => api.modelRequest?.contextSize,
      changed: (tokens: number) => tokens >= 12_000 + 256 + 1024 + 64,
    },
    { name: 'context.suffixTokens', change: { key: 'context.suffixTokens', value: 0 }, observe: async () => (await first({ language: 'typescript' })).suffix, changed: (suffix: string) => suffix === '' },
    {
      name: 'context.extraFiles',
      change: { key: 'context.extraFiles', value: false },
      observe: async () => {
        await visitFixtures();
        return (await first({ language: 'typescript' })).extra?.length ?? 0;
      },
      changed: (chunks: number) => chunks === 0,
    },
    {
      name: 'context.extraFilesTokens',
      change: { key: 'context.extraFilesTokens', value: 0 },
      observe: async () => {
        await visitFixtures();
        return (await first({ language: 'typescript' })).extra?.length ?? 0;
      },
      changed: (chunks: number) => chunks === 0,
    },
    {
      name: 'prefetch',
      change: { key: 'prefetch', value: false },
      observe: async () => {
        const before = api.counters.prefetches;
        await probe({ language: 'typescript' });
        return api.counters.prefetches - before;
      },
      changed: (prefetches: number) => prefetches === 0,
    },
    { name: 'exclude', change: { key: 'exclude', value: ['**/tools.ts'] }, observe: () => reason({ file: 'tools.ts' }), changed: (r: string) => r === 'excluded' },
    {
      name: 'engines.llamaServer.endpoint',
      change: { key: 'engines.llamaServer.endpoint', value: 'http://127.0.0.1:9' },
      observe: async () => (await engines()).map((engine) => engine.kind).join(),
      changed: (kinds: string) => kinds.includes('llamaServer'),
    },
    {
      name: 'engines.ollama.endpoint',
      change: { key: 'engines.ollama.endpoint', value: 'http://127.0.0.1:9' },
      observe: async () => (await engines()).map((engine) => engine.kind).join(),
      changed: (kinds: string) => kinds.includes('ollama'),
    },
    {
      name: 'engines.ollama.model',
      given: ollama(),
      change: { key: 'engines.ollama.model', value: 'coder:other' },
      observe: async () => (await sentToServer('/api/generate'))?.model,
      changed: (model: string) => model === 'coder:other',
    },
    {
      name: 'engines.ollama.keepAlive',
      given: ollama(),
      change: { key: 'engines.ollama.keepAlive', value: '5m' },
      observe: async () => (await sentToServer('/api/generate'))?.keep_alive,
      changed: (keepAlive: string) => keepAlive === '5m',
    },
    {
      name: 'engines.ollama.fimFormat',
      given: ollama(),
      change: { key: 'engines.ollama.fimFormat', value: 'qwen2.5-coder' },
      observe: async () => (await sentToServer('/api/generate'))?.raw === true,
      changed: (raw: boolean) => raw,
    },
    {
      name: 'engines.openai.endpoint',
      change: { key: 'engines.openai.endpoint', value: 'http://127.0.0.1:9' },
      observe: async () => (await engines()).map((engine) => engine.kind).join(),
      changed: (kinds: string) => kinds.includes('openai'),
    },
    {
      name: 'engines.openai.model',
      given: openai(),
      change: { key: 'engines.openai.model', value: 'coder-2' },
      observe: async () => (await sentToServer('/v1/completions'))?.model,
      changed: (model: string) => model === 'coder-2',
    },
    {
      name: 'engines.openai.fimFormat',
      given: openai(),
      change: { key: 'engines.openai.fimFormat', value: 'suffix' },
      observe: async () => typeof (await sentToServer('/v1/completions'))?.suffix === 'string',
      changed: (suffix: boolean) => suffix,
    },
    {
      name: 'routing.multiLine',
      given: [{ key: 'engines.ollama.endpoint', value: SERVER }, { key: 'engines.ollama.model', value: 'coder:base' }],
      change: { key: 'routing.multiLine', value: 'ollama' },
      observe: answeredBy,
      changed: (engine: string) => engine === 'ollama',
    },
    {
      name: 'routing.singleLine',
      given: [{ key: 'engines.ollama.endpoint', value: SERVER }, { key: 'engines.ollama.model', value: 'coder:base' }, { key: 'multiline', value: 'never' }],
      change: { key: 'routing.singleLine', value: 'ollama' },
      observe: answeredBy,
      changed: (engine: string) => engine === 'ollama',
    },
    {
      name: 'routing.explain',
      given: [{ key: 'engines.ollama.endpoint', value: SERVER }, { key: 'engines.ollama.model', value: 'coder:base' }],
      change: { key: 'routing.explain', value: 'ollama' },
      observe: explainedBy,
      changed: (engine: string) => engine === 'ollama',
    },
    { name: 'explain.maxTokens', change: { key: 'explain.maxTokens', value: 40 }, observe: async () => (await explained()).maxTokens, changed: (n: number) => n === 40 },
    {
      name: 'routing.firstTokenBudgetMs',
      given: ollama('slow:base'),
      change: { key: 'routing.firstTokenBudgetMs', value: 200 },
      observe: async () => (await probe({ language: 'typescript' })).routes[0]?.fallback?.reason ?? 'none',
      changed: (reason: string) => reason === 'slow',
    },
    // Where a setting is set, beyond the user's settings.
    {
      name: '[python] multiline (a language override)',
      change: { key: 'multiline', value: 'never', languageId: 'python' },
      observe: async () => ({ python: (await first({ language: 'python' })).stop ?? [], typescript: (await first({ language: 'typescript' })).stop ?? [] }),
      changed: (stops: { python: string[]; typescript: string[] }) => stops.python.includes('\n') && !stops.typescript.includes('\n'),
    },
    {
      name: 'maxTokens in one folder of a multi-root workspace',
      change: { key: 'maxTokens', value: 20, where: 'folder' },
      observe: async () => ({ inFolder: (await first({ file: 'tools.ts' })).maxTokens, elsewhere: (await first({ language: 'typescript' })).maxTokens }),
      changed: (seen: { inFolder: number; elsewhere: number }) => seen.inFolder === 20 && seen.elsewhere !== 20,
    },
    {
      name: 'exclude in one folder, as Disable for This File writes it',
      change: { key: 'exclude', value: ['tools.ts'], where: 'folder' },
      observe: () => reason({ file: 'tools.ts' }),
      changed: (r: string) => r === 'excluded',
    },
  ];

  for (const row of rows) {
    it(row.name, async () => {
      const applied: Change[] = [];
      const restore = row.around?.();
      try {
        for (const given of row.given ?? []) {
          await apply(given, given.value);
          applied.push(given);
        }
        if (row.given) await until(() => api.engines.length > 1 || !row.given!.some((given) => given.key.startsWith('engines.')), 10_000, 'the engines to be set up');
        const before = await row.observe();
        assert.ok(!row.changed(before as never), `before the change, ${row.name} already looks changed: ${JSON.stringify(before)}`);
        await apply(row.change, row.change.value);
        applied.push(row.change);
        let seen: unknown;
        await until(
          async () => {
            seen = await row.observe();
            return row.changed(seen as never);
          },
          30_000,
          `${row.name} to take effect (last seen ${JSON.stringify(seen)})`,
        );
      } finally {
        restore?.();
        for (const change of applied.reverse()) await apply(change, undefined);
      }
    });
  }

  it('Disable for This File excludes a file of the second folder, in its folder settings', async () => {
    const uri = fileIn('tools.ts');
    try {
      assert.equal(await reason({ file: 'tools.ts' }), 'asked');
      await vscode.commands.executeCommand('pipit.disableForFile', uri);
      const folderValue = vscode.workspace.getConfiguration('pipit', second.uri).inspect<string[]>('exclude')?.workspaceFolderValue;
      assert.deepEqual(folderValue, ['tools.ts']);
      assert.equal(await until(async () => (await reason({ file: 'tools.ts' })) === 'excluded', 10_000, 'the file to be excluded'), true);
    } finally {
      await apply({ key: 'exclude', value: undefined, where: 'folder' }, undefined);
    }
  });

  it("Explain refuses a file its own folder's pipit.exclude names", async () => {
    const explain = async () => {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileIn('script.py')));
      editor.selection = new vscode.Selection(0, 0, 1, 0);
      try {
        return await vscode.commands.executeCommand<string>('pipit.explainSelection', editor.document.uri);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    };
    try {
      await apply({ key: 'exclude', value: ['script.py'], where: 'folder' }, ['script.py']);
      assert.equal(await explain(), 'excluded');
    } finally {
      await apply({ key: 'exclude', value: undefined, where: 'folder' }, undefined);
    }
  });

  it('a suggestion cached from one engine is not served once routing sends the same request to another', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export function cached(a: number): number {\n  \n}\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    const ask = async () => {
      // A suggestion still shown from before would be kept by VS Code instead of asking Pipit again.
      await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
      editor.selection = new vscode.Selection(1, 2, 1, 2);
      const seen = new Set(api.requests);
      const seenRoutes = new Set(api.routes);
      const record = await triggerUntil(() => api.requests.find((each) => !seen.has(each) && each.trigger === 'explicit' && each.outcome !== 'cancelled'), 'an explicit request answered');
      return { outcome: record.outcome, engine: api.routes.find((route) => !seenRoutes.has(route))?.answeredBy };
    };
    const changes = ollama();
    // No prefetch: only the request asked for reaches an engine, so the route seen is its own.
    const quiet: Change = { key: 'prefetch', value: false };
    await apply(quiet, false);
    try {
      assert.deepEqual(await ask(), { outcome: 'shown', engine: 'builtin' });
      assert.deepEqual(await ask(), { outcome: 'cache', engine: undefined }, 'the same state again: the cache answers');
      for (const change of changes) await apply(change, change.value);
      await until(() => api.engines.some((engine) => engine.kind === 'ollama'), 10_000, 'Ollama to be set up');
      assert.deepEqual(await ask(), { outcome: 'shown', engine: 'ollama' }, 'routed elsewhere: the cached answer is not served');
    } finally {
      for (const change of [...changes.reverse(), quiet]) await apply(change, undefined);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  /** Opens two fixture files, so the extra-context ring holds chunks of them. */
  async function visitFixtures(): Promise<void> {
    const [fixtures] = vscode.workspace.workspaceFolders ?? [];
    for (const name of ['math.ts', 'greet.js']) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(fixtures!.uri, name)));
      await sleep(100);
    }
  }

  async function explainedBy(): Promise<string | undefined> {
    return (await explained()).engine;
  }

  async function explained(): Promise<ExplanationRecord> {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: `export const probe${++probes} = 1;\n` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, document.lineAt(0).text.length);
    const seen = new Set(api.explanations);
    await vscode.commands.executeCommand('pipit.explainSelection');
    const record = await until(() => api.explanations.find((each) => !seen.has(each) && each.done), 60_000, 'the explanation to end');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    return record;
  }
});

/** One loopback stand-in for Ollama and an OpenAI-compatible server; `slow:*` models wait before their first token. */
async function fakeServers({ path, body }: { path: string; body: unknown }, response: ServerResponse): Promise<void> {
  const request = (body ?? {}) as { model?: string; stream?: boolean };
  if (path === '/api/tags') return sendJson(response, 200, { models: [{ name: 'coder:base' }, { name: 'coder:other' }, { name: 'slow:base' }] });
  if (path === '/api/show') return sendJson(response, 200, { capabilities: ['completion', 'insert'] });
  if (path === '/v1/models') return sendJson(response, 200, { data: [{ id: 'coder' }, { id: 'coder-2' }] });
  if (request.model?.startsWith('slow')) await sleep(1000);
  if (path === '/api/generate' || path === '/api/chat') {
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const piece = (text: string) => (path === '/api/chat' ? { message: { role: 'assistant', content: text } } : { response: text });
    response.write(`${JSON.stringify({ ...piece('return a;'), done: false })}\n`);
    response.end(`${JSON.stringify({ ...piece(''), done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 3 })}\n`);
    return;
  }
  if (path === '/v1/completions' || path === '/v1/chat/completions') {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const choice = path === '/v1/completions' ? { text: 'return a;' } : { delta: { content: 'It returns a.' } };
    response.write(`data: ${JSON.stringify({ choices: [choice] })}\n\n`);
    response.write(`data: ${JSON.stringify({ choices: [{ ...choice, finish_reason: 'stop' }] })}\n\n`);
    response.end('data: [DONE]\n\n');
    return;
  }
  sendJson(response, 404, { error: 'not found' });
}
