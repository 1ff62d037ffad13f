// Markdown of model output -> the safe tree (markdownTree.ts), parsed by markdown-it: CommonMark plus GFM tables.
// Nothing in the input ever becomes markup: HTML is off (raw HTML is text), entities stay as written, link targets
// other than absolute http(s) are dropped with their label kept as text, and images become links, so nothing loads.
import type MarkdownIt from 'markdown-it';
import { highlight } from './highlight';
import type { Align, Block, Inline } from './markdownTree';
import { safeHref } from './safeHref';

export type { Align, Block, Inline } from './markdownTree';
export { safeHref } from './safeHref';

type Token = MarkdownIt.Token;

export interface ParseOptions {
  /** Highlights fences that name no language as this one (the language of the code explained). */
  defaultLanguage?: string;
}

/** Emphasis and links nest at most this deep in the tree; deeper ones keep their text, flattened. */
const MAX_INLINE_NESTING = 12;

let parser: MarkdownIt.MarkdownIt | undefined;

/** Loaded and built on first use (required, not imported): activation does not pay for it. */
function markdownIt(): MarkdownIt.MarkdownIt {
  if (parser) return parser;
  const MarkdownItParser = require('markdown-it') as typeof MarkdownIt;
  // maxNesting bounds how deep quotes and lists go (markdown-it drops what is deeper): hostile input cannot blow
  // the stack here or in the panel.
  parser = new MarkdownItParser('default', { html: false, linkify: false, typographer: false, maxNesting: 20 });
  // `&lt;` stays as written (what the model wrote is what the panel shows); the panel has no <del> element.
  parser.disable(['entity', 'strikethrough']);
  // Every target parses, so `[label](javascript:…)` still reads as a link whose label stays; safeHref then keeps
  // only absolute http(s) targets. Refusing here would show the raw `[label](target)` syntax instead.
  parser.validateLink = () => true;
  return parser;
}

export function parseMarkdown(markdown: string, options: ParseOptions = {}): Block[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  return new TreeBuilder(markdownIt().parse(source, {}), source.split('\n'), options.defaultLanguage ?? '').blocks();
}

/** Walks markdown-it's flat token stream once, turning each open…close run into a node of the tree. */
class TreeBuilder {
  private at = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly lines: readonly string[],
    private readonly defaultLanguage: string,
  ) {}

  /** Blocks up to the token of type `close` (consumed), or to the end. */
  blocks(close?: string): Block[] {
    const blocks: Block[] = [];
    for (let token = this.next(); token && token.type !== close; token = this.next()) {
      const block = this.block(token);
      if (block) blocks.push(block);
    }
    return blocks;
  }

  private next(): Token | undefined {
    return this.tokens[this.at++];
  }

  private block(token: Token): Block | undefined {
    switch (token.type) {
      case 'paragraph_open':
        return { type: 'paragraph', children: this.inline('paragraph_close') };
      case 'heading_open':
        return { type: 'heading', level: Number(token.tag.slice(1)) as 1, children: this.inline('heading_close') };
      case 'blockquote_open':
        return { type: 'quote', children: this.blocks('blockquote_close') };
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(token);
      case 'table_open':
        return this.table();
      case 'fence':
        return this.code(token, token.info.trim().split(/\s+/)[0] ?? '', fenceClosed(token, this.lines));
      case 'code_block':
        return this.code(token, '', true);
      case 'hr':
        return { type: 'rule' };
      default:
        return undefined;
    }
  }

  /** The inline content up to the token of type `close`. */
  private inline(close: string): Inline[] {
    const children: Inline[] = [];
    for (let token = this.next(); token && token.type !== close; token = this.next()) {
      if (token.type === 'inline') for (const node of inlineTree(token.children ?? [])) append(children, node);
    }
    return children;
  }

  private list(open: Token): Block {
    const ordered = open.type === 'ordered_list_open';
    const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
    const items: Block[][] = [];
    for (let token = this.next(); token && token.type !== close; token = this.next()) {
      if (token.type === 'list_item_open') items.push(this.blocks('list_item_close'));
    }
    return { type: 'list', ordered, start: ordered ? Number(open.attrGet('start') ?? 1) : 1, items };
  }

  private table(): Block {
    const align: Align[] = [];
    const head: Inline[][] = [];
    const rows: Inline[][][] = [];
    for (let token = this.next(); token && token.type !== 'table_close'; token = this.next()) {
      if (token.type === 'th_open') {
        align.push(alignOf(token));
        head.push(this.inline('th_close'));
      } else if (token.type === 'tr_open' && head.length > 0) rows.push([]);
      else if (token.type === 'td_open') rows[rows.length - 1]?.push(this.inline('td_close'));
    }
    return { type: 'table', align, head, rows };
  }

  private code(token: Token, language: string, closed: boolean): Block {
    const code = token.content.replace(/\n$/, '');
    return { type: 'code', language, tokens: highlight(code, language || this.defaultLanguage), closed };
  }
}

function alignOf(cell: Token): Align {
  const align = /text-align:\s*(left|center|right)/.exec(String(cell.attrGet('style') ?? ''))?.[1];
  return (align as Align | undefined) ?? null;
}

/** Whether the fence's last line closes it: while an answer streams, an open fence runs to the end. */
function fenceClosed(token: Token, lines: readonly string[]): boolean {
  if (!token.map) return true;
  const [first, end] = token.map;
  const marker = token.markup[0] === '~' ? '~' : '`';
  const closer = new RegExp(`^[\\s>]*\\${marker}{${token.markup.length},}\\s*$`);
  return end - 1 > first && closer.test(lines[end - 1] ?? '');
}

/** Adds `node` to `children`, joining adjacent text. */
function append(children: Inline[], node: Inline): void {
  const last = children[children.length - 1];
  if (node.type === 'text' && last?.type === 'text') last.text += node.text;
  else if (node.type !== 'text' || node.text) children.push(node);
}

/** An inline token run as a tree, without recursion on its nesting (emphasis can nest as deep as the input). */
function inlineTree(tokens: readonly Token[], depth = 0): Inline[] {
  const root: Inline[] = [];
  // The children of each open element; an element kept out of the tree (a dropped link, too deep) repeats its parent's.
  const open: Inline[][] = [root];
  for (const token of tokens) {
    const children = open[open.length - 1]!;
    const deep = depth + open.length > MAX_INLINE_NESTING;
    switch (token.type) {
      case 'softbreak':
        append(children, { type: 'text', text: '\n' });
        break;
      case 'hardbreak':
        children.push({ type: 'break' });
        break;
      case 'code_inline':
        children.push({ type: 'code', text: token.content });
        break;
      case 'strong_open':
      case 'em_open':
      case 'link_open': {
        const href = token.type === 'link_open' ? safeHref(String(token.attrGet('href') ?? '')) : undefined;
        if (deep || (token.type === 'link_open' && !href)) {
          open.push(children);
          break;
        }
        const node: Extract<Inline, { children: Inline[] }> = href
          ? { type: 'link', href, children: [] }
          : { type: token.type === 'strong_open' ? 'strong' : 'em', children: [] };
        children.push(node);
        open.push(node.children);
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        if (open.length > 1) open.pop();
        break;
      case 'image': {
        // Images are never loaded: an image becomes a link to it (or just its description).
        const href = safeHref(String(token.attrGet('src') ?? ''));
        const label = deep ? [{ type: 'text', text: token.content } as Inline] : inlineTree(token.children ?? [], depth + open.length);
        if (href && !deep) children.push({ type: 'link', href, children: label.length ? label : [{ type: 'text', text: href }] });
        else for (const node of label) append(children, node);
        break;
      }
      default:
        if (token.nesting === 0) append(children, { type: 'text', text: token.content });
    }
  }
  return root;
}
