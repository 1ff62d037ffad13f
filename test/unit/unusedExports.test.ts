// Nothing in src/ is exported and left unused: every exported value is used by another module, or used in its own
// module and tested directly there. An export kept alive only by its test is product code nobody runs.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
/** Called by VS Code, not by a module. */
const ENTRY_POINTS = new Set(['src/extension.ts activate', 'src/extension.ts deactivate']);
/**
 * Exported and used only in their own module, in files the Explain work (issue 14, points 7 and 11) is changing in
 * parallel: unexport them there.
 */
const LEFT_TO_EXPLAIN_WORK = new Set([
  'src/engine/worker/chatFormat.ts completionStylePrompt',
  'src/engine/worker/chatFormat.ts chatHistory',
  'src/vscode/explain/ExplainPanel.ts EXPLAIN_VIEW_TYPE',
  'src/vscode/explain/explainCommand.ts EXPLAIN_COMMAND',
]);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : entry.name.endsWith('.ts') ? [relative(ROOT, path).split('\\').join('/')] : [];
  });
}

describe('exports', () => {
  it('exports no value that only its tests, or nothing at all, use', () => {
    const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
    const src = new Map(files(join(ROOT, 'src')).map((file) => [file, read(file)]));
    const tests = files(join(ROOT, 'test')).map(read);
    const unused: string[] = [];
    for (const [file, text] of src) {
      for (const match of text.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class)\s+([\w$]+)/gm)) {
        const name = match[1]!;
        const key = `${file} ${name}`;
        if (ENTRY_POINTS.has(key) || LEFT_TO_EXPLAIN_WORK.has(key)) continue;
        const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g');
        const elsewhere = [...src].some(([other, otherText]) => other !== file && otherText.search(word) >= 0);
        const ownUses = (text.match(word)?.length ?? 0) - 1;
        const tested = tests.some((testText) => testText.search(word) >= 0);
        if (!elsewhere && !(ownUses > 0 && tested)) unused.push(key);
      }
    }
    assert.deepEqual(unused, [], `exported but used by no other module of src/: ${unused.join(', ')}`);
  });
});
