import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EditorBuffer } from '../../bench/EditorBuffer';
import { benchCacheDir } from '../../bench/llamaServer';
import { applyEvent, regionScript, typingScript, type TypingEvent } from '../../bench/typingScript';
import { splitCursor } from './editorCases';

// The typist types code back into the bench's VS Code-like editor: from the cursor (║) to the end of its line and
// `extraLines` more lines, as a person would, using what the editor inserts by itself. The snippets are real code
// from the files the bench types (mocha, @azure/msal-common, llama.cpp's gguf-py) and code like it.
interface Snippet {
  name: string;
  languageId: string;
  extraLines: number;
  source: string;
}

const SNIPPETS: Snippet[] = [
  {
    name: 'JS: a callback whose closing line the editor makes',
    languageId: 'javascript',
    extraLines: 3,
    source: `function hookErr(err, errSuite, after) {
  var orig = this.suite;
  ║self.hookUp(HOOK_TYPE_AFTER_EACH, function (err2, errSuite2) {
    self.suite = orig;
    fn(err2, errSuite2);
  });
}
`,
  },
  {
    name: 'JS: a chain indented deeper than Enter indents, with a callback and a string',
    languageId: 'javascript',
    extraLines: 4,
    source: `Runner.prototype.titles = function (items) {
  var result = ║items
    .filter(Boolean)
    .map(function (item) {
      return item.title + ' (' + item.file + ')';
    });
  return result;
};
`,
  },
  {
    name: 'TS: an arrow function in a call, typed from inside the line',
    languageId: 'typescript',
    extraLines: 2,
    source: `    removeAllAccounts(correlationId: string): void {
        const allAccountKeys = this.getAccountKeys();
        allAccountKeys.forEach(║(cacheKey) => {
            this.removeAccount(cacheKey, correlationId);
        });
    }
`,
  },
  {
    name: 'TS: a template literal, an object literal and a closing brace the typist types',
    languageId: 'typescript',
    extraLines: 4,
    source: `export function describe(name: string, error: Error): Record<string, string> {
    ║const message = \`\${name} failed: \${error.message}\`;
    if (!message) {
        return {};
    }
    return { message, "kind": 'error' };
}
`,
  },
  {
    name: 'Python: blocks after colons, an f-string, and a dedent fixed with Backspace',
    languageId: 'python',
    extraLines: 4,
    source: `    def _try_load_from_tokenizer_json(self, path: Path) -> bool:
        tokenizer_file = path / 'tokenizer.json'
        ║if tokenizer_file.is_file():
            with open(tokenizer_file, encoding = 'utf-8') as f:
                tokenizer = json.load(f)
        print(f"loaded {len(tokenizer['added_tokens'])} tokens from {path}")
        return True
`,
  },
  {
    name: 'Python: a dict literal split over lines',
    languageId: 'python',
    extraLines: 3,
    source: `def special_tokens(self):
    ║return {
        "bos": self._bos,
        "eos": [self._eos, self._eot],
    }
`,
  },
];

/** Plays a script on an editor holding `text` and returns it. */
function play(text: string, languageId: string, events: TypingEvent[]): EditorBuffer {
  const editor = new EditorBuffer(text, languageId);
  for (const event of events) applyEvent(editor, event);
  return editor;
}

describe('bench typing script (typist in a VS Code-like editor)', () => {
  for (const snippet of SNIPPETS) {
    describe(snippet.name, () => {
      const { text, line, character } = splitCursor(snippet.source);
      const lines = text.split('\n');
      const region = [lines[line]!.slice(character), ...lines.slice(line + 1, line + 1 + snippet.extraLines)].join('\n');
      const events = regionScript(text, snippet.languageId, { line, character }, snippet.extraLines, 7);

      it('ends with the code it meant to type', () => {
        assert.equal(play(text, snippet.languageId, events).text, text);
      });

      it('types over or skips the closers the editor inserted instead of deleting them afterwards', () => {
        // Every snippet's region closes what it opens: nothing the editor inserted is left over to delete.
        assert.deepEqual(events.filter((event) => event.kind === 'deleteRight'), []);
        const closersTyped = events.filter((event) => event.kind === 'key' && /[)\]}]/.test(event.text)).length;
        assert.ok(closersTyped <= (region.match(/[)\]}]/g) ?? []).length, 'no closer typed twice');
      });

      it('keeps the indentation the editor got right', () => {
        const indentation = region.split('\n').slice(1).reduce((total, next) => total + /^\s*/.exec(next)![0].length, 0);
        const spacesAtLineStart = countSpacesAtLineStart(text, snippet.languageId, events);
        assert.ok(spacesAtLineStart < indentation, `${spacesAtLineStart} spaces typed for ${indentation} of indentation`);
      });
    });
  }

  it('fixes indentation the editor got wrong: Backspace after Enter where the code dedents', () => {
    const snippet = SNIPPETS.find((entry) => entry.name.startsWith('Python: blocks'))!;
    const { text, line, character } = splitCursor(snippet.source);
    const events = regionScript(text, snippet.languageId, { line, character }, snippet.extraLines, 7).filter((event) => event.kind !== 'pause');
    const afterEnter = events.filter((_event, index) => index > 0 && events[index - 1]!.kind === 'enter');
    assert.ok(afterEnter.some((event) => event.kind === 'backspace'), 'a Backspace right after an Enter');
  });

  it('replays whole sessions of the bench files and leaves each typed region as the file has it', () => {
    const files: Array<[string, string]> = [
      [join(__dirname, '..', '..', '..', '..', 'node_modules', 'mocha', 'lib', 'runner.js'), 'javascript'],
      [join(__dirname, '..', '..', '..', '..', 'node_modules', '@azure', 'msal-common', 'src', 'cache', 'CacheManager.ts'), 'typescript'],
      [join(benchCacheDir(), 'llama.cpp', 'gguf-py', 'gguf', 'vocab.py'), 'python'],
    ];
    let regions = 0;
    for (const [path, languageId] of files.filter(([path]) => existsSync(path))) {
      const source = readFileSync(path, 'utf8');
      for (const seed of [1, 2, 3]) {
        const events = typingScript(source, { seed, keystrokes: 300, languageId });
        const editor = new EditorBuffer(source, languageId);
        for (const [index, event] of events.entries()) {
          if (event.kind === 'jump' && index > 0) {
            regions++;
            assert.ok(editor.text === source, `${path} seed ${seed}: the region before event ${index} differs from the file`);
          }
          applyEvent(editor, event);
        }
      }
    }
    assert.ok(regions >= 10, `${regions} regions checked`);
  });
});

/** Spaces the typist typed while the cursor's line held nothing but whitespace before the cursor. */
function countSpacesAtLineStart(text: string, languageId: string, events: TypingEvent[]): number {
  const editor = new EditorBuffer(text, languageId);
  let count = 0;
  for (const event of events) {
    const { line, character } = editor.cursor;
    if (event.kind === 'key' && event.text === ' ' && editor.lineAt(line).slice(0, character).trim() === '') count++;
    applyEvent(editor, event);
  }
  return count;
}
