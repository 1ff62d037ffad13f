// Odd documents in a real editor, one table: each either completes correctly or is skipped with its reason in the
// status bar, within the time budget, never with an error; and documents Pipit is not registered for (the output
// pane, the left side of a diff) are never sent to the model.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RequestRecord } from '../../../src/completion/types';
import type { PipitApi } from '../../../src/extension';
import { until } from '../../harness/until';
import { acceptSuggestion, typeAndTakeBack } from './suggestions';

/**
 * What a row must do: complete (and, when given, leave text matching this, or exactly this document once the suggestion
 * is accepted), be skipped for this reason, or not be asked at all.
 */
type Expect = { completes: true; text?: RegExp | string } | { skipped: RegExp } | { notAsked: true };

interface Row {
  name: string;
  /** Opens the document and puts the cursor where the user would type. */
  open: () => Promise<vscode.TextEditor>;
  expect: Expect;
}

const TABBED = 'export function tabs(a: number, b: number) {\n\tconst c = a;\n\t\n}\n';
const TABBED_ACCEPTED = 'export function tabs(a: number, b: number) {\n\tconst c = a;\n\tconsole.log(a);\n\treturn b;\n}\n';

/** pipit.maxTimeMs (4 s) plus room for a machine running other work: nothing may take longer than this. */
const BUDGET_MS = 15_000;

describe('odd documents', function () {
  this.timeout(180_000);
  let api: PipitApi;
  let dir: string;

  before(async () => {
    api = await vscode.extensions.getExtension<PipitApi>('pipit.pipit')!.activate();
    dir = mkdtempSync(join(tmpdir(), 'pipit-odd-'));
    // The budget is for a request, not for the model's first load (Pipit: Load Model Now, as a user can).
    await vscode.commands.executeCommand('pipit.loadModel');
    await until(() => api.engineStatus.state === 'ready', 60_000, 'the model loaded');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // Every editor a row opened (a diff has two sides), reverted: no row sees another's document.
    for (let tries = 0; tries < 5 && vscode.window.visibleTextEditors.length > 0; tries++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  async function show(document: vscode.TextDocument, line: number, character: number, options?: vscode.TextDocumentShowOptions): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(document, options);
    editor.selection = new vscode.Selection(line, character, line, character);
    return editor;
  }

  async function untitled(content: string, language = 'typescript'): Promise<vscode.TextDocument> {
    return vscode.workspace.openTextDocument({ language, content });
  }

  async function onDisk(name: string, content: string | Buffer): Promise<vscode.TextDocument> {
    const path = join(dir, name);
    writeFileSync(path, content);
    return vscode.workspace.openTextDocument(path);
  }

  /** A tab-indented file of its own, shown at a tab width of 2, the cursor on its blank tab-indented line 2. */
  async function tabbed(name: string, line: number, character: number): Promise<vscode.TextEditor> {
    const editor = await show(await onDisk(name, TABBED), line, character);
    editor.options = { tabSize: 2 };
    assert.equal(editor.options.insertSpaces, false, 'VS Code sees a tab-indented file');
    return editor;
  }

  const atEnd = async (document: vscode.TextDocument, options?: vscode.TextDocumentShowOptions) => {
    const last = document.lineCount - 1;
    return show(document, last, document.lineAt(last).text.length, options);
  };

  const rows: Row[] = [
    {
      name: 'a 20 MB file',
      open: async () => atEnd(await onDisk('big.js', 'export const value = [1, 2, 3];\n'.repeat(640_000))),
      expect: { skipped: /skipped: the file is too large/ },
    },
    {
      name: 'a 5 MB one-line minified file',
      // Over the size limit before its line length is even looked at.
      open: async () => atEnd(await onDisk('bundle.min.js', `var a=${'[1,2,3],'.repeat(700_000)}0;`)),
      expect: { skipped: /skipped: the file is too large/ },
    },
    {
      name: 'binary content opened as text',
      open: async () => atEnd(await untitled(`\u0000\u0001ELF\u0002\u0000\u0000\n${'\u0000\u00ff\u00fe'.repeat(50)}\nfunction run() {\n  `)),
      expect: { skipped: /skipped: binary file/ },
    },
    {
      name: 'CRLF line endings',
      open: async () => show(await onDisk('crlf.ts', 'export function crlf(a: number, b: number) {\r\n  \r\n}\r\n'), 1, 2),
      expect: { completes: true },
    },
    {
      // The model writes its second line with 2 spaces; at a tab width of 2 that is one tab, as the file indents.
      name: 'tabs',
      open: async () => tabbed('tabs.ts', 2, 1),
      expect: { completes: true, text: TABBED_ACCEPTED },
    },
    {
      // Arrowed down onto a blank line at column 0: the suggestion goes after the line's tab, not before it.
      name: 'tabs, the cursor before the tab of a blank line',
      open: async () => tabbed('tabs-column-0.ts', 2, 0),
      expect: { completes: true, text: TABBED_ACCEPTED },
    },
    {
      name: 'emoji and other surrogate pairs right at the cursor',
      open: async () => atEnd(await onDisk('emoji.ts', 'export function smile(a: number, b: number) {\n  const face = "😀𝒳🇫🇷";\n  // 👩‍👩‍👧 😀')),
      expect: { completes: true },
    },
    {
      name: 'right-to-left text',
      open: async () => atEnd(await onDisk('rtl.ts', 'export function greet(a: number, b: number) {\n  const hello = "שלום עולם مرحبا بالعالم";\n  // مرحبا ')),
      expect: { completes: true },
    },
    {
      name: 'lines of 100,000 characters',
      open: async () => {
        const long = `const data = "${'x'.repeat(100_000)}";`;
        return atEnd(await onDisk('long-lines.ts', `export function after() {\n  return 1;\n}\n${long}\n${long}`));
      },
      expect: { skipped: /skipped: minified file/ },
    },
    {
      name: 'a read-only document',
      open: async () => {
        const editor = await show(await onDisk('readonly.ts', 'export function locked(a: number, b: number) {\n  \n}\n'), 1, 2);
        await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
        return editor;
      },
      expect: { notAsked: true },
    },
    {
      name: 'an untitled document',
      open: async () => show(await untitled('export function fresh(a: number, b: number) {\n  \n}\n'), 1, 2),
      expect: { completes: true, text: /console\.log\(a\);\n {2}return b;/ },
    },
    {
      name: 'the left side of a diff',
      open: async () => {
        // The original side of a diff is a read-only document of its own scheme, as the git extension's `git:` ones are.
        const original = vscode.Uri.from({ scheme: 'pipit-test-original', path: '/before.ts' });
        const modified = await onDisk('after.ts', 'export function after(a: number, b: number) {\n  \n  return a;\n}\n');
        await vscode.commands.executeCommand('vscode.diff', original, modified.uri, 'before ↔ after');
        const left = await until(() => vscode.window.visibleTextEditors.find((each) => each.document.uri.scheme === original.scheme), 10_000, 'the diff editor');
        await vscode.window.showTextDocument(left.document, { viewColumn: left.viewColumn });
        left.selection = new vscode.Selection(1, 2, 1, 2);
        return left;
      },
      expect: { notAsked: true },
    },
    {
      name: 'the output pane',
      open: async () => {
        await vscode.commands.executeCommand('pipit.showLog');
        const output = await until(() => vscode.window.visibleTextEditors.find((each) => each.document.uri.scheme === 'output'), 10_000, 'the output pane');
        await vscode.commands.executeCommand('workbench.panel.output.focus');
        return output;
      },
      expect: { notAsked: true },
    },
  ];

  for (const row of rows) {
    it(row.name, async () => {
      const provider = vscode.workspace.registerTextDocumentContentProvider('pipit-test-original', {
        provideTextDocumentContent: () => 'export function before(a: number, b: number) {\n  \n}\n',
      });
      const errorsBefore = api.counters.errors;
      const seen = new Set(api.requests);
      try {
        const editor = await row.open();
        const uri = editor.document.uri.toString();
        const started = Date.now();
        const mine = (): RequestRecord | undefined => api.requests.find((each) => !seen.has(each) && each.uri === uri && each.trigger === 'explicit');
        if ('notAsked' in row.expect) {
          await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
          await new Promise((resolve) => setTimeout(resolve, 2000));
          assert.equal(mine(), undefined, 'Pipit was not asked for this document');
        } else {
          const record = await until(
            async () => {
              await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
              return until(() => mine(), 5000, 'an answer').catch(() => undefined);
            },
            BUDGET_MS,
            'the request for this document',
          );
          assert.ok(Date.now() - started < BUDGET_MS, `answered within ${BUDGET_MS} ms`);
          assert.notEqual(record.outcome, 'error', JSON.stringify(record));
          if ('completes' in row.expect) assert.notEqual(record.outcome, 'skipped', JSON.stringify(record));
          if ('skipped' in row.expect) {
            assert.equal(record.outcome, 'skipped', JSON.stringify(record));
            assert.equal(record.engineRequests, 0, 'nothing was sent to the model');
            const reason = row.expect.skipped;
            await until(() => reason.test(api.statusBar.tooltip), 5000, () => `the reason in the status bar (${api.statusBar.tooltip})`);
          } else if (row.expect.text) {
            const text = row.expect.text;
            const accepted = await acceptSuggestion(editor, api, 60_000);
            if (typeof text === 'string') assert.equal(accepted, text, 'the document once the suggestion is accepted');
            else assert.match(accepted, text, 'the accepted suggestion in the document');
          }
        }
        assert.equal(api.counters.errors, errorsBefore, 'no request failed');
      } finally {
        provider.dispose();
      }
    });
  }

  it('tabs, text typed before the cursor: the suggestion stays through the typing, and accepting it leaves the rest', async () => {
    const errorsBefore = api.counters.errors;
    const seen = new Set(api.requests);
    const editor = await tabbed('tabs-typed.ts', 2, 1);
    const uri = editor.document.uri.toString();
    const suggested = () => api.requests.find((each) => !seen.has(each) && each.uri === uri && each.items > 0);
    await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
        const found = await until(suggested, 5000, 'a suggestion').catch(() => undefined);
        // Not answered in time on a busy machine: VS Code asks again once the document changes.
        if (!found) await typeAndTakeBack(editor);
        return found;
      },
      60_000,
      () => `a suggestion on the blank tab-indented line (${JSON.stringify(api.requests.slice(-2))})`,
    );
    await vscode.commands.executeCommand('type', { text: 'cons' });
    const typed = editor.document.getText();
    assert.equal(typed, TABBED.replace('\t\n}', '\tcons\n}'), 'the keys landed on the tab-indented line');
    const accepted = await until(
      async () => {
        await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
        return editor.document.getText() !== typed ? editor.document.getText() : undefined;
      },
      30_000,
      () => `the rest of the suggestion accepted (${JSON.stringify(api.requests.slice(-3))})`,
    );
    assert.equal(accepted, TABBED_ACCEPTED, 'the document once the rest is accepted');
    assert.equal(api.counters.errors, errorsBefore, 'no request failed');
  });
});
