import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { parseMarkdown, safeHref } from '../../../src/explain/markdown';
import { renderHtml } from '../../../src/explain/renderHtml';

/** As the panel renders an answer: parsed to a tree, then to safe HTML. */
const markdownToHtml = (markdown: string) => renderHtml(parseMarkdown(markdown));

/** Every tag in the output, with its attributes: the structure a browser would build. */
function tags(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].map((match) => `${match[1]}${match[2]}`);
}

const ALLOWED_TAG = /^(?:p|h[1-6]|pre|code|span|ul|ol|li|blockquote|hr|table|thead|tbody|tr|th|td|strong|em|a|br)$/;
const ALLOWED_ATTRIBUTE = /^(?:class="[\w -]+"|href="https?:\/\/[^"<>]*"|start="\d+")$/;

/** No element outside the allow-list, no attribute outside it: nothing in the output can run or load. */
function assertInert(html: string): void {
  for (const match of html.matchAll(/<([a-zA-Z0-9]+)((?:\s+[^>]*)?)>/g)) {
    assert.match(match[1]!, ALLOWED_TAG, `unexpected element in ${html}`);
    for (const attribute of match[2]!.trim().match(/\S+="[^"]*"|\S+/g) ?? []) {
      assert.match(attribute, ALLOWED_ATTRIBUTE, `unexpected attribute in ${html}`);
    }
  }
}

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '<svg/onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click me](javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](  JaVaScRiPt:alert(1))',
  '[quote](https://ok.example/" onmouseover="alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '![x](x" onerror="alert(1))',
  '<https://evil.example/"><script>alert(1)</script>',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '**<img src=x onerror=alert(1)>**',
  '| <b>a</b> | <i>b</i> |\n|---|---|\n| <script>x</script> | ok |',
  '> <style>body{display:none}</style>',
  '- <object data="x"></object>',
  '&lt;script&gt; &#60;img src=x onerror=alert(1)&#62;',
];

describe('explain: Markdown rendering and sanitising', () => {
  it('renders the Markdown models write', () => {
    assert.equal(
      markdownToHtml('## What it does\n\nSums **all** prices with `reduce`, see [MDN](https://developer.mozilla.org/).\n\n- one\n- *two*\n\n1. first\n2. second'),
      '<h2>What it does</h2>\n' +
        '<p>Sums <strong>all</strong> prices with <code>reduce</code>, see <a href="https://developer.mozilla.org/">MDN</a>.</p>\n' +
        '<ul><li><p>one</p></li><li><p><em>two</em></p></li></ul>\n' +
        '<ol><li><p>first</p></li><li><p>second</p></li></ol>',
    );
  });

  it('highlights fenced code and escapes it', () => {
    assert.equal(
      markdownToHtml('```ts\nconst s = "<b>"; // note\n```'),
      '<pre><code class="language-ts"><span class="tok-keyword">const</span> s = <span class="tok-string">&quot;&lt;b&gt;&quot;</span>; <span class="tok-comment">// note</span></code></pre>',
    );
  });

  it('renders an unfinished fence while streaming, marked as not closed', () => {
    const [block] = parseMarkdown('```python\ndef f():\n    return 1');
    assert.equal(block!.type, 'code');
    assert.equal((block as { closed: boolean }).closed, false);
  });

  it('shows raw HTML as text, exactly', () => {
    assert.equal(markdownToHtml('<img src=x onerror="window.__pwned=1">'), '<p>&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</p>');
    assert.equal(markdownToHtml('<script>window.__pwned=1</script>'), '<p>&lt;script&gt;window.__pwned=1&lt;/script&gt;</p>');
    assert.equal(markdownToHtml('&lt;b&gt;'), '<p>&amp;lt;b&amp;gt;</p>');
  });

  it('drops link targets that are not http(s), keeping the label as text', () => {
    assert.equal(markdownToHtml('[click me](javascript:alert(1))'), '<p>click me</p>');
    assert.equal(markdownToHtml('[d](data:text/html,x) [f](file:///etc/passwd) [c](command:workbench.action.quit)'), '<p>d f c</p>');
  });

  it('never loads an image: it becomes a link to it', () => {
    assert.equal(markdownToHtml('![tracker](https://evil.example/pixel.png)'), '<p><a href="https://evil.example/pixel.png">tracker</a></p>');
  });

  it('produces only allow-listed elements and attributes from hostile input', () => {
    for (const input of HOSTILE) {
      const html = markdownToHtml(input);
      assertInert(html);
      assert.ok(!/<(script|img|svg|iframe|style|object)/i.test(html), `${input} -> ${html}`);
      assert.ok(!tags(html).some((tag) => /javascript:|data:/i.test(tag)), `${input} -> ${html}`);
    }
  });

  it('accepts only absolute http(s) link targets', () => {
    assert.equal(safeHref('https://example.com/a b'), undefined);
    assert.equal(safeHref('//evil.example/x'), undefined);
    assert.equal(safeHref('http://example.com/"x"'), 'http://example.com/%22x%22');
    assert.equal(safeHref('HTTPS://Example.com'), 'https://example.com/');
  });

  it('leaves snake_case names and lone asterisks alone', () => {
    assert.equal(markdownToHtml('call load_user_data with 2 * 3 * 4'), '<p>call load_user_data with 2 * 3 * 4</p>');
  });

  it('renders tables, quotes and rules', () => {
    assert.equal(
      markdownToHtml('| name | value |\n|:-----|------:|\n| `a\\|b` | 1 |\n\n> note\n\n---'),
      '<table><thead><tr><th class="align-left">name</th><th class="align-right">value</th></tr></thead>' +
        '<tbody><tr><td class="align-left"><code>a|b</code></td><td class="align-right">1</td></tr></tbody></table>\n' +
        '<blockquote><p>note</p></blockquote>\n<hr>',
    );
  });

  it('parses hostile shapes of output in linear time and without deep recursion (the editor must not stall)', () => {
    const shapes = {
      openers: '*a '.repeat(7000),
      unclosedLinks: '[a]('.repeat(5000),
      nestedBrackets: '['.repeat(5000) + 'a' + '](https://x.y)'.repeat(2000),
      deepQuote: '>'.repeat(20_000) + ' x',
      deepEmphasis: '*_'.repeat(5000) + 'x' + '_*'.repeat(5000),
      blankLinesInList: '- a\n' + '\n'.repeat(20_000) + '  b',
    };
    for (const [name, input] of Object.entries(shapes)) {
      const started = process.hrtime.bigint();
      const html = markdownToHtml(input);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 1000, `${name} took ${ms.toFixed(0)} ms`);
      assertInert(html);
    }
  });

  it('follows CommonMark where the hand-written parser did not', () => {
    const cases: [string, string][] = [
      ['*a **b** c*', '<p><em>a <strong>b</strong> c</em></p>'],
      ['***strong emph***', '<p><em><strong>strong emph</strong></em></p>'],
      ['Title\n=====', '<h1>Title</h1>'],
      ['foo\n---\nbar', '<h2>foo</h2>\n<p>bar</p>'],
      ['> a\nb', '<blockquote><p>a\nb</p></blockquote>'],
      ['see [MDN][1]\n\n[1]: https://developer.mozilla.org/', '<p>see <a href="https://developer.mozilla.org/">MDN</a></p>'],
      ['text\n\n    indented code', '<p>text</p>\n<pre><code>indented code</code></pre>'],
    ];
    for (const [input, html] of cases) assert.equal(markdownToHtml(input), html, input);
  });

  it('highlights a fence that names no language as the code explained, and knows when a fence is still open', () => {
    const [closed, open] = parseMarkdown('```\nreturn None\n```\n\n> ```\n> pass', { defaultLanguage: 'python' });
    assert.deepEqual(closed, { type: 'code', language: '', closed: true, tokens: [{ kind: 'keyword', text: 'return' }, { kind: 'plain', text: ' ' }, { kind: 'keyword', text: 'None' }] });
    assert.deepEqual(open, { type: 'quote', children: [{ type: 'code', language: '', closed: false, tokens: [{ kind: 'keyword', text: 'pass' }] }] });
  });

  it('keeps the text of emphasis nested deeper than the tree goes', () => {
    const deep = '*a '.repeat(40) + 'x' + ' z*'.repeat(40);
    const text = (html: string) => html.replace(/<[^>]+>/g, '').trim();
    assert.equal(text(markdownToHtml(deep)), text(new MarkdownIt().render(deep)));
    assert.equal(markdownToHtml(deep).match(/<em>/g)?.length, 12);
  });
});
