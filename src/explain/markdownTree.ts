// The safe tree an answer becomes before it crosses to the panel: plain data, with text only ever as text. The
// panel builds DOM nodes from it with textContent (media/explain.js); renderHtml.ts is its string form.
import type { Token } from './highlight';

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  /** `href` is always an absolute http(s) URL (see safeHref). */
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'break' };

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
