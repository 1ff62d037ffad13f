// Finds the functions and classes a line sits in from the text alone, for editors with no symbol provider:
// brace matching for C-like languages, indentation for Python-like ones. A heuristic: it reads like code, not a parser.
import type { LineRange } from './types';

export type BlockKind = 'function' | 'class' | 'other';

export interface Block extends LineRange {
  kind: BlockKind;
  /** The signature as written, on one line (`function total(items: Item[]): number`). */
  header: string;
  name?: string;
}

const INDENTED_LANGUAGES = new Set(['python', 'cython', 'mojo', 'gdscript', 'nim', 'coffeescript']);

const CONTROL = /^(?:\}\s*)?(?:else|if|for|foreach|while|switch|do|try|catch|finally|with|using|lock|unsafe|loop|match|select|when|synchronized|defer|go)\b/;
const CLASS_LIKE = /\b(?:class|interface|struct|enum|trait|impl|namespace|module|object|record|protocol|extension)\b/;
const FUNCTION_LIKE = /\b(?:function|func|fn|def|fun|sub|constructor)\b|=>\s*$|\)\s*(?:(?::|->)[^{;]*|throws[^{;]*|const|noexcept|override|mutating|async)?\s*$/;

/** Blocks containing `line`, outermost first. */
export function enclosingBlocks(text: string, line: number, languageId: string): Block[] {
  const lines = text.split(/\r?\n/);
  if (INDENTED_LANGUAGES.has(languageId)) return indentedBlocks(lines, line);
  return braceBlocks(text, lines, line);
}

function classifyHeader(header: string): { kind: BlockKind; name?: string } {
  const text = header.trim();
  if (CONTROL.test(text)) return { kind: 'other' };
  const parenAt = text.indexOf('(');
  const classMatch = CLASS_LIKE.exec(text);
  if (classMatch && (parenAt < 0 || classMatch.index < parenAt)) {
    const name = /^\s*([A-Za-z_$][\w$]*)/.exec(text.slice(classMatch.index + classMatch[0].length))?.[1];
    return name ? { kind: 'class', name } : { kind: 'class' };
  }
  if (!FUNCTION_LIKE.test(text)) return { kind: 'other' };
  const name =
    /\b(?:function\*?|def|fn|fun|sub)\s+([A-Za-z_$][\w$]*)/.exec(text)?.[1] ??
    /\bfunc\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/.exec(text)?.[1] ??
    /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.exec(text)?.[1] ??
    /([A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*\(/.exec(text)?.[1];
  return name ? { kind: 'function', name } : { kind: 'function' };
}

interface Brace {
  line: number;
  /** Code on the opening line before the brace. */
  before: string;
}

function braceBlocks(text: string, lines: string[], target: number): Block[] {
  const found: Block[] = [];
  const stack: Brace[] = [];
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
    } else if (ch === '/' && next === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i++;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      // Strings: skip to the closing quote; a plain quote never spans lines, so a stray apostrophe costs one line.
      for (i++; i < text.length && text[i] !== ch; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
          if (ch !== '`') break;
        }
      }
    } else if (ch === '{') {
      stack.push({ line, before: text.slice(lineStart, i) });
    } else if (ch === '}') {
      const open = stack.pop();
      if (open && open.line <= target && target <= line) found.push(blockFor(lines, open, line));
    }
  }
  // Unclosed blocks (the user is typing) still enclose the line: they run to the end of the file.
  for (const open of stack) if (open.line <= target) found.push(blockFor(lines, open, lines.length - 1));
  return found.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function blockFor(lines: string[], open: Brace, endLine: number): Block {
  let startLine = open.line;
  let header = open.before.trim();
  // A signature may run over several lines before its brace (`function f(\n  a,\n  b\n) {`).
  const unbalanced = (text: string) => (text.match(/[(\[]/g) ?? []).length < (text.match(/[)\]]/g) ?? []).length;
  while (startLine > 0 && (header === '' || unbalanced(header)) && open.line - startLine < 12) {
    const previous = (lines[startLine - 1] ?? '').trim();
    if (previous === '' || /[;{}]$/.test(previous)) break;
    startLine--;
    header = `${previous} ${header}`.trim();
  }
  const { kind, name } = classifyHeader(header);
  const block: Block = { startLine, endLine, kind, header: header.replace(/\s+/g, ' ') };
  if (name) block.name = name;
  return block;
}

const indentOf = (text: string): number => /^[ \t]*/.exec(text)![0].replace(/\t/g, '    ').length;
const PY_HEADER = /^\s*(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/;

function indentedBlocks(lines: string[], target: number): Block[] {
  let start = Math.min(target, lines.length - 1);
  while (start > 0 && lines[start]!.trim() === '') start--;
  const found: Block[] = [];
  let limit = Number.POSITIVE_INFINITY;
  for (let i = start; i >= 0; i--) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    const indent = indentOf(text);
    if (i === start) limit = indent + 1;
    if (indent >= limit) continue;
    limit = indent;
    const match = PY_HEADER.exec(text);
    if (!match) continue;
    const endLine = blockEnd(lines, i, indent);
    if (endLine < target && i !== start) continue;
    let startLine = i;
    while (startLine > 0 && /^\s*@/.test(lines[startLine - 1]!)) startLine--;
    found.unshift({
      startLine,
      endLine,
      kind: match[1] === 'class' ? 'class' : 'function',
      header: text.trim().replace(/:\s*$/, ''),
      name: match[2]!,
    });
  }
  return found;
}

function blockEnd(lines: string[], header: number, indent: number): number {
  let end = header;
  for (let i = header + 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === '') continue;
    if (indentOf(text) <= indent) break;
    end = i;
  }
  return end;
}
