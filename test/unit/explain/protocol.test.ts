import * as assert from 'node:assert/strict';
import { parsePanelMessage } from '../../../src/explain/protocol';

describe('explain: messages from the panel', () => {
  it('accepts the messages the panel sends', () => {
    assert.deepEqual(parsePanelMessage({ type: 'stop' }), { type: 'stop' });
    assert.deepEqual(parsePanelMessage({ type: 'ask', question: '  why?  ' }), { type: 'ask', question: 'why?' });
    assert.deepEqual(parsePanelMessage({ type: 'copy', turn: 2 }), { type: 'copy', turn: 2 });
    assert.deepEqual(parsePanelMessage({ type: 'openLink', url: 'https://example.com' }), { type: 'openLink', url: 'https://example.com' });
  });

  it('rejects anything else: unknown types, empty questions, links that are not http(s)', () => {
    for (const raw of [null, 'stop', { type: 'eval' }, { type: 'ask', question: '   ' }, { type: 'ask', question: 'x'.repeat(5000) },
      { type: 'copy', turn: -1 }, { type: 'openLink', url: 'command:workbench.action.quit' }, { type: 'openLink', url: 'file:///etc/passwd' }]) {
      assert.equal(parsePanelMessage(raw), undefined, JSON.stringify(raw));
    }
  });
});
