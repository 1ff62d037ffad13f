import * as assert from 'node:assert/strict';
import { buildExplainPrompt, cutToBudget, DEFAULT_BUDGET } from '../../../src/explain/buildPrompt';
import type { ExplainTarget, TargetContext } from '../../../src/explain/types';

const TARGET: ExplainTarget = {
  kind: 'function',
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  range: { startLine: 7, endLine: 9 },
  name: 'total',
  code: '  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price, 0);\n  }',
};
const CONTEXT: TargetContext = { enclosing: ['export class Cart'], imports: ["import { Item } from './item';"] };

describe('explain: prompt building', () => {
  it('gives a chat model a system message and the code with its file, place, enclosing class and imports', () => {
    const { request, notices } = buildExplainPrompt(TARGET, CONTEXT);
    assert.deepEqual(notices, []);
    assert.deepEqual(request.messages.map((message) => message.role), ['system', 'user']);
    assert.equal(
      request.messages[1]!.content,
      [
        'Explain this TypeScript function `total`.',
        '',
        'File: src/cart.ts (lines 8-10)',
        '',
        'Inside: export class Cart',
        '',
        "Imports it uses:\n```typescript\nimport { Item } from './item';\n```",
        '',
        'Code:\n```typescript\n' + TARGET.code + '\n```',
      ].join('\n'),
    );
  });

  it('gives a base model a document whose natural continuation is the explanation', () => {
    const { request } = buildExplainPrompt(TARGET, CONTEXT);
    const prompt = request.completion.prompt;
    assert.ok(prompt.startsWith('Below is a piece of TypeScript function `total`, followed by a clear, brief explanation'));
    assert.ok(prompt.includes('File: src/cart.ts (lines 8-10)'));
    assert.ok(prompt.includes(TARGET.code));
    assert.ok(prompt.endsWith('```\n\nExplanation:\n'), JSON.stringify(prompt.slice(-40)));
    assert.ok(request.completion.stop.includes('\nQuestion:'));
  });

  it('cuts long code to the budget, keeps its start and end, and says so to the model and to the user', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `  step${i}();`);
    const long: ExplainTarget = { ...TARGET, range: { startLine: 0, endLine: 399 }, code: lines.join('\n') };
    const { request, notices } = buildExplainPrompt(long, CONTEXT, { budget: { ...DEFAULT_BUDGET, maxCodeChars: 600 } });
    assert.equal(notices.length, 1);
    assert.match(notices[0]!, /^The code is too long for the prompt budget: \d+ of its 400 lines \(lines \d+-\d+\) were left out/);
    const user = request.messages[1]!.content;
    assert.ok(user.includes('  step0();'), 'keeps the start');
    assert.ok(user.includes('  step399();'), 'keeps the end');
    assert.ok(!user.includes('  step200();'), 'drops the middle');
    assert.match(user, /… \(\d+ lines left out here\) …/);
    assert.ok(user.includes(`Note: ${notices[0]!}`));
    const code = /Code:\n```typescript\n([\s\S]*)\n```/.exec(user)![1]!;
    assert.ok(code.length <= 600 + 40, `code sent is ${code.length} characters`);
  });

  it('cuts one enormous line (minified code) inside the line', () => {
    const cut = cutToBudget('x'.repeat(10_000), 100);
    assert.equal(cut.text, `${'x'.repeat(100)} …`);
    assert.equal(cut.omittedLines, 1);
  });

  it('uses a longer fence when the code itself contains a fence', () => {
    const withFence: ExplainTarget = { ...TARGET, code: 'const md = `\n```\nnot the end\n```\n`;' };
    const user = buildExplainPrompt(withFence, CONTEXT).request.messages[1]!.content;
    assert.ok(user.includes('Code:\n````typescript\n'));
    assert.ok(user.endsWith('\n````'));
  });

  it('asks a follow-up with the earlier answers, keeping the code and only the most recent exchanges', () => {
    const history = [
      { answer: 'It sums prices.' },
      ...Array.from({ length: 6 }, (_, i) => ({ question: `q${i}?`, answer: `a${i}.` })),
    ];
    const { request, notices } = buildExplainPrompt(TARGET, CONTEXT, { history, question: 'Why reduce?' });
    const roles = request.messages.map((message) => message.role);
    assert.deepEqual(roles, ['system', 'user', 'assistant', ...Array(4).fill(['user', 'assistant']).flat(), 'user']);
    assert.equal(request.messages[2]!.content, 'It sums prices.');
    assert.equal(request.messages[3]!.content, 'q2?');
    assert.equal(request.messages.at(-1)!.content, 'Why reduce?');
    assert.ok(notices.some((notice) => /Older questions were dropped/.test(notice)));
    assert.ok(request.completion.prompt.endsWith('Question: Why reduce?\nAnswer:\n'));
    assert.ok(request.completion.prompt.includes('Explanation:\nIt sums prices.'));
  });
});
