// Markdown of model output -> a tree of plain data -> (optionally) HTML. The subset models write: headings,
// paragraphs, lists, quotes, rules, tables, fenced code, code spans, emphasis, links. Nothing in the input ever
// becomes markup: raw HTML is text, link targets other than http(s) are dropped, images become links.
// The tree is what the panel receives (it builds DOM nodes from it with textContent); `renderHtml` is its string
// form, for tests and anything else that needs HTML.
import { highlight, type Token } from './highlight';
import { parseInline, safeHref, type Inline } from './markdownInline';

export { parseInline, safeHref, type Inline };

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  /** `closed` is false while a streamed answer is still inside the fence. */
  | { type: 'code'; language: string; tokens: Token[]; closed: boolean }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'quote'; children: Block[] }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] }
  | { type: 'rule' };

// ---------------------------------------------------------------------------------------------- blocks

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

const isBlank = (line: string) => line.trim() === '';

export function parseMarkdown(markdown: string): Block[] {
  return parseBlocks(markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n'));
}

function startsBlock(line: string, next: string | undefined): boolean {
  return (
    FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line) ||
    (line.includes('|') && next !== undefined && TABLE_DELIMITER.test(next) && next.includes('-'))
  );
}

/** Quotes and lists nest at most this deep; deeper markers read as text (hostile input cannot blow the stack). */
const MAX_NESTING = 12;

/** For each line, the index of the first non-blank line at or after it (lines.length if none). */
function nextNonBlankTable(lines: readonly string[]): Int32Array {
  const next = new Int32Array(lines.length + 1).fill(lines.length);
  for (let i = lines.length - 1; i >= 0; i--) next[i] = isBlank(lines[i]!) ? next[i + 1]! : i;
  return next;
}

function parseBlocks(lines: string[], depth = 0): Block[] {
  const blocks: Block[] = [];
  const nested = depth < MAX_NESTING;
  let nextNonBlank: Int32Array | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = FENCE.exec(line))) {
      const [, indent, fence] = match;
      const close = new RegExp(`^ {0,3}${fence![0] === '`' ? '`' : '~'}{${fence!.length},}[ \\t]*$`);
      const body: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (close.test(lines[i]!)) {
          closed = true;
          i++;
          break;
        }
        body.push(lines[i]!.replace(new RegExp(`^ {0,${indent!.length}}`), ''));
      }
      const language = match[3] ?? '';
      blocks.push({ type: 'code', language, tokens: highlight(body.join('\n'), language), closed });
      continue;
    }
    if ((match = HEADING.exec(line))) {
      blocks.push({ type: 'heading', level: match[1]!.length as 1, children: parseInline(match[2] ?? '', depth) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (nested && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && (match = QUOTE.exec(lines[i]!))) {
        inner.push(match[1]!);
        i++;
      }
      blocks.push({ type: 'quote', children: parseBlocks(inner, depth + 1) });
      continue;
    }
    if (nested && ITEM.test(line)) {
      nextNonBlank ??= nextNonBlankTable(lines);
      i = parseList(lines, i, blocks, depth, nextNonBlank);
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && TABLE_DELIMITER.test(next) && next.includes('-')) {
      i = parseTable(lines, i, blocks, depth);
      continue;
    }
    const text: string[] = [line];
    for (i++; i < lines.length && !isBlank(lines[i]!) && !startsBlock(lines[i]!, lines[i + 1]); i++) text.push(lines[i]!);
    blocks.push({ type: 'paragraph', children: parseInline(text.map((part) => part.replace(/^ +/, '')).join('\n'), depth) });
  }
  return blocks;
}

function parseList(lines: string[], from: number, blocks: Block[], depth: number, nextNonBlank: Int32Array): number {
  const first = ITEM.exec(lines[from]!)!;
  const ordered = /\d/.test(first[2]!);
  const bullet = ordered ? first[2]!.slice(-1) : first[2]!;
  const items: Block[][] = [];
  let i = from;
  while (i < lines.length) {
    const match = ITEM.exec(lines[i]!);
    if (!match || /\d/.test(match[2]!) !== ordered || (ordered ? match[2]!.slice(-1) : match[2]) !== bullet) break;
    if (RULE.test(lines[i]!)) break;
    const contentIndent = match[1]!.length + match[2]!.length + Math.min(Math.max(match[3]!.length, 1), 4);
    const body = [match[4]!];
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      const indent = /^ */.exec(line)![0].length;
      if (isBlank(line)) {
        // A blank line ends the item unless indented content follows it.
        const next = lines[nextNonBlank[i + 1]!];
        if (next === undefined || /^ */.exec(next)![0].length < contentIndent) break;
        body.push('');
        continue;
      }
      if (indent >= contentIndent) body.push(line.slice(contentIndent));
      else if (indent < contentIndent && !startsBlock(line, lines[i + 1]) && !isBlank(body[body.length - 1]!)) body.push(line.trimStart());
      else break;
    }
    items.push(parseBlocks(body, depth + 1));
    while (i < lines.length && isBlank(lines[i]!)) {
      const next = lines[nextNonBlank[i]!];
      if (next === undefined || !ITEM.test(next)) break;
      i++;
    }
  }
  const start = ordered ? Number.parseInt(first[2]!, 10) : 1;
  blocks.push({ type: 'list', ordered, start, items });
  return i;
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const text = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && text[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cell += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

function parseTable(lines: string[], from: number, blocks: Block[], depth: number): number {
  const head = splitRow(lines[from]!);
  const align: Align[] = splitRow(lines[from + 1]!).map((cell) =>
    cell.startsWith(':') && cell.endsWith(':') ? 'center' : cell.endsWith(':') ? 'right' : cell.startsWith(':') ? 'left' : null,
  );
  const rows: Inline[][][] = [];
  let i = from + 2;
  for (; i < lines.length && !isBlank(lines[i]!) && lines[i]!.includes('|'); i++) {
    const cells = splitRow(lines[i]!);
    rows.push(head.map((_, column) => parseInline(cells[column] ?? '', depth)));
  }
  blocks.push({ type: 'table', align: head.map((_, column) => align[column] ?? null), head: head.map((cell) => parseInline(cell, depth)), rows });
  return i;
}

// ---------------------------------------------------------------------------------------------- HTML

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function renderInlineHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeHtml(node.text);
        case 'code':
          return `<code>${escapeHtml(node.text)}</code>`;
        case 'strong':
          return `<strong>${renderInlineHtml(node.children)}</strong>`;
        case 'em':
          return `<em>${renderInlineHtml(node.children)}</em>`;
        case 'break':
          return '<br>';
        case 'link': {
          const href = safeHref(node.href);
          const label = renderInlineHtml(node.children);
          return href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
        }
      }
    })
    .join('');
}

const cellClass = (align: Align) => (align ? ` class="align-${align}"` : '');

export function renderHtml(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h${block.level}>${renderInlineHtml(block.children)}</h${block.level}>`;
        case 'paragraph':
          return `<p>${renderInlineHtml(block.children)}</p>`;
        case 'rule':
          return '<hr>';
        case 'quote':
          return `<blockquote>${renderHtml(block.children)}</blockquote>`;
        case 'code': {
          const spans = block.tokens
            .map((token) => (token.kind === 'plain' ? escapeHtml(token.text) : `<span class="tok-${token.kind}">${escapeHtml(token.text)}</span>`))
            .join('');
          const language = block.language.replace(/[^\w+#.-]/g, '');
          return `<pre><code${language ? ` class="language-${language}"` : ''}>${spans}</code></pre>`;
        }
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
          return `<${tag}${start}>${block.items.map((item) => `<li>${renderHtml(item)}</li>`).join('')}</${tag}>`;
        }
        case 'table': {
          const head = block.head.map((cell, i) => `<th${cellClass(block.align[i] ?? null)}>${renderInlineHtml(cell)}</th>`).join('');
          const rows = block.rows
            .map((row) => `<tr>${row.map((cell, i) => `<td${cellClass(block.align[i] ?? null)}>${renderInlineHtml(cell)}</td>`).join('')}</tr>`)
            .join('');
          return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
        }
      }
    })
    .join('\n');
}

/** Markdown straight to safe HTML. */
export function markdownToHtml(markdown: string): string {
  return renderHtml(parseMarkdown(markdown));
}
