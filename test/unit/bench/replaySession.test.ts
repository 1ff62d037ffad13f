import * as assert from 'node:assert/strict';
import type { Position, TextLines } from '../../../src/completion/types';
import { replaySession } from '../../bench/replaySession';
import { EditorBuffer } from '../../bench/EditorBuffer';
import { applyEvent, regionScript } from '../../bench/typingScript';
import type { Completer, CompleterReply, EngineRequestStat, Keystroke, KeystrokeClass, SessionFile } from '../../bench/types';
import { splitCursor } from './editorCases';

/** Records what each request saw; never suggests anything. */
class RecordingCompleter implements Completer {
  readonly name = 'recording';
  readonly engineRequests: EngineRequestStat[] = [];
  readonly requests: Array<{ text: string; keystroke?: Keystroke }> = [];

  openFile(): void {}
  setWarmup(): void {}

  async complete(document: TextLines, _position: Position, _file: SessionFile, _version: number, _signal: AbortSignal, keystroke?: Keystroke): Promise<CompleterReply> {
    const lines: string[] = [];
    for (let line = 0; line < document.lineCount; line++) lines.push(document.lineAt(line));
    this.requests.push({ text: lines.join('\n'), ...(keystroke ? { keystroke } : {}) });
    return { items: [], kind: 'empty' };
  }

  async idle(): Promise<void> {}
  peakRssBytes(): number | undefined {
    return undefined;
  }
  async dispose(): Promise<void> {}
}

const SOURCE = `function hookErr(err, errSuite, after) {
  var orig = this.suite;
  ║self.hookUp(HOOK_TYPE_AFTER_EACH, function (err2, errSuite2) {
    self.suite = orig;
    fn(err2, errSuite2);
  });
  return orig;
}
`;

describe('bench replay of a typing script', () => {
  it('asks on every edit, not on arrow keys, and classifies each keystroke', async () => {
    const { text, line, character } = splitCursor(SOURCE);
    const script = regionScript(text, 'javascript', { line, character }, 3, 11);
    const file: SessionFile = { relativePath: 'lib/runner.js', origin: 'test', languageId: 'javascript', text };
    const completer = new RecordingCompleter();
    const session = await replaySession(completer, file, script, [], { speed: 1e6, waitCapMs: 1, acceptShare: 0, typeThroughShare: 0 });

    const edits = script.filter((event) => event.kind === 'key' || event.kind === 'enter' || event.kind === 'backspace' || event.kind === 'deleteRight');
    const typed = completer.requests.filter((request) => request.keystroke);
    assert.ok(script.some((event) => event.kind === 'move'), 'the script skips the closing line the editor made');
    assert.equal(typed.length, edits.length, 'one request per edit, none for the arrow keys');
    assert.equal(session.keystrokes, edits.length);
    assert.equal(typed.at(-1)!.text, text, 'the last request sees the code as written');

    // The classes the replay should give, worked out by playing the script on an editor of our own.
    const editor = new EditorBuffer(text, 'javascript');
    let moved = false;
    let afterEnter = false;
    let index = 0;
    for (const event of script) {
      const lineBefore = editor.cursor.line;
      const effect = applyEvent(editor, event);
      if (effect === 'move') {
        if (event.kind === 'jump' || editor.cursor.line !== lineBefore) [moved, afterEnter] = [true, false];
        continue;
      }
      if (effect !== 'edit') continue;
      const expected: KeystrokeClass = event.kind === 'enter' ? 'enter' : event.kind === 'deleteRight' ? 'other' : moved ? 'moved' : afterEnter ? 'afterEnter' : 'line';
      [moved, afterEnter] = [false, event.kind === 'enter'];
      assert.equal(typed[index++]!.keystroke!.class, expected, `keystroke ${index}: ${JSON.stringify(event)}`);
    }
    const classes = new Set(typed.map((request) => request.keystroke!.class));
    for (const kind of ['moved', 'line', 'enter', 'afterEnter'] as const) assert.ok(classes.has(kind), `a ${kind} keystroke`);
    assert.equal(new Set(typed.map((request) => request.keystroke!.id)).size, typed.length, 'keystroke ids are unique');
  });
});
