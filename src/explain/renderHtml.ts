// The safe tree as an HTML string, for tests and anything else that needs HTML (the panel itself builds DOM nodes).
// Every piece of text is escaped; the only attributes are fixed classes, `start` numbers and http(s) links.
import type { Align, Block, Inline } from './markdownTree';
import { safeHref } from './safeHref';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function renderInlineHtml(nodes: readonly Inline[]): string {
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

function renderBlockHtml(block: Block): string {
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
}

export function renderHtml(blocks: readonly Block[]): string {
  return blocks.map(renderBlockHtml).join('\n');
}
