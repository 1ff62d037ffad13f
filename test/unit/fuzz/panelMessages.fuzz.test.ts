// Fuzz: what the explain panel's webview may send to the extension. The page renders model output, so it is treated
// as hostile: seeded, bounded random messages (garbage, and near-valid ones with wrong types, huge fields and odd
// URLs) go through the same handler the panel uses, against a real ExplainSession. Each is handled or ignored; none
// throws, no link but http(s) is opened, and the session still answers afterwards.
import * as assert from 'node:assert/strict';
import { ExplainSession } from '../../../src/explain/ExplainSession';
import { handlePanelMessage } from '../../../src/explain/panelMessages';
import { parsePanelMessage, type HostMessage } from '../../../src/explain/protocol';
import type { ExplainTarget, TargetContext } from '../../../src/explain/types';
import { FakeChatEngine } from '../explain/fakeChatEngine';
import { chance, int, pick, randomString, randomValue, seeded, type Random } from './random';

/** PIPIT_FUZZ_SEED replays or explores another seed; the default is what the suite runs. */
export const PANEL_SEED = Number(process.env.PIPIT_FUZZ_SEED ?? 0x5eed0013);
export const PANEL_CASES = 2000;

const TYPES = ['ready', 'stop', 'copy', 'explainAgain', 'ask', 'openLink', 'READY', 'reset', 'turnEnd', '', 'constructor', '__proto__'];
const URLS = [
  'https://example.com/docs',
  'HTTPS://EXAMPLE.COM',
  'http://',
  'https://',
  'http:// spaces in host/',
  'https://[::1',
  'javascript:alert(1)',
  'command:workbench.action.terminal.new',
  'file:///etc/passwd',
  'vscode://ms-vscode.remote/open',
  ' https://leading.space',
  'https://example.com/' + 'x'.repeat(10_000),
  'data:text/html,<script>1</script>',
];

function nearValid(random: Random): unknown {
  const message: Record<string, unknown> = { type: pick(random, TYPES) };
  if (chance(random, 0.7)) message.turn = chance(random, 0.5) ? int(random, -2, 5) : randomValue(random, 1);
  if (chance(random, 0.7)) message.question = chance(random, 0.2) ? 'q'.repeat(int(random, 3990, 4100)) : chance(random, 0.5) ? randomString(random) : randomValue(random, 1);
  if (chance(random, 0.7)) message.url = chance(random, 0.7) ? pick(random, URLS) : randomValue(random, 1);
  if (chance(random, 0.1)) Object.setPrototypeOf(message, { type: 'openLink', url: 'javascript:alert(1)' });
  return message;
}

const target: ExplainTarget = { kind: 'selection', filePath: 'src/cart.ts', languageId: 'typescript', range: { startLine: 0, endLine: 1 }, code: 'const a = 1;\nconst b = 2;' };
const context: TargetContext = { enclosing: [], imports: [] };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`stalled: ${what} did not settle within ${ms} ms`)), ms);
    }),
  ]);
}

describe('fuzz: webview messages to the extension', function () {
  this.timeout(60_000);

  it(`parses ${PANEL_CASES} malformed messages (seed ${PANEL_SEED.toString(16)}) into allowed shapes or nothing`, () => {
    const random = seeded(PANEL_SEED);
    for (let index = 0; index < PANEL_CASES; index++) {
      const raw = chance(random, 0.5) ? randomValue(random) : nearValid(random);
      const message = parsePanelMessage(raw);
      if (!message) continue;
      const where = `case ${index}: ${JSON.stringify(raw)?.slice(0, 200)}`;
      switch (message.type) {
        case 'copy':
          assert.ok(Number.isSafeInteger(message.turn) && message.turn >= 0, where);
          break;
        case 'ask':
          assert.ok(typeof message.question === 'string' && message.question.trim() !== '' && message.question.length <= 4000, where);
          break;
        case 'openLink': {
          const url = new URL(message.url);
          assert.ok(url.protocol === 'http:' || url.protocol === 'https:', where);
          break;
        }
        default:
          assert.deepEqual(Object.keys(message), ['type'], where);
      }
    }
  });

  it(`handles ${PANEL_CASES} malformed messages against a live explanation without throwing, stalling or opening a non-web link`, async () => {
    const random = seeded(PANEL_SEED + 1);
    const engine = new FakeChatEngine({ script: [['The code ', 'adds ', 'two numbers.']], chunkDelayMs: 1 });
    const posted: HostMessage[] = [];
    const session = new ExplainSession({ engine, post: (message) => posted.push(message), throttleMs: 0 });
    await session.explain(target, context);
    const opened: string[] = [];
    const copied: unknown[] = [];
    const runs: Promise<void>[] = [];
    let ready = 0;
    for (let index = 0; index < PANEL_CASES; index++) {
      const raw = chance(random, 0.3) ? randomValue(random) : nearValid(random);
      try {
        handlePanelMessage(raw, session, {
          post: (message) => posted.push(message),
          setReady: () => ready++,
          copy: (text) => copied.push(text),
          openLink: (url) => opened.push(url),
          run: (work) => runs.push(work),
        });
      } catch (error) {
        assert.fail(`case ${index} threw ${String(error)}: ${JSON.stringify(raw)?.slice(0, 200)}`);
      }
    }
    // Every turn the page started settles: a stream of stop/ask/again messages leaves nothing hanging.
    const settled = await withTimeout(Promise.allSettled(runs), 20_000, `${runs.length} turns`);
    assert.deepEqual(settled.filter((result) => result.status === 'rejected'), []);
    for (const url of opened) assert.match(new URL(url).protocol, /^https?:$/, url);
    for (const text of copied) assert.equal(typeof text, 'string');
    assert.ok(ready > 0 && runs.length > 0 && opened.length > 0, `the fuzz reached every branch (ready ${ready}, runs ${runs.length}, links ${opened.length})`);
    // And the session still works.
    const before = posted.length;
    await withTimeout(session.again(), 5000, 'an explanation after the fuzz');
    assert.ok(posted.slice(before).some((message) => message.type === 'turnEnd'), 'the next explanation ends normally');
  });

  it('handles a message before any session exists (a panel restored after reload) by ignoring it', () => {
    const random = seeded(PANEL_SEED + 2);
    for (let index = 0; index < 200; index++) {
      handlePanelMessage(nearValid(random), undefined, {
        post: () => assert.fail('nothing to replay'),
        setReady: () => assert.fail('no session'),
        copy: () => assert.fail('no session'),
        openLink: () => assert.fail('no session'),
        run: () => assert.fail('no session'),
      });
    }
  });
});
