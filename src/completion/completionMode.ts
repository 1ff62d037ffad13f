// Single-line or multi-line: several lines on an empty line or right after a block opener, one line mid-line.

import type { MultilineMode } from '../config/settings';
import type { CompletionMode } from './types';

const OPENERS = ['{', '(', '[', '=>', '->'];
/** Languages whose blocks open with a colon at the end of the line. */
const COLON_BLOCKS = new Set(['python', 'cython', 'yaml']);
const KEYWORD_OPENERS = /\b(do|then|else|begin)$/;

export function decideMode(setting: MultilineMode, linePrefix: string, lineSuffix: string, languageId: string): CompletionMode {
  if (setting === 'always') return 'multi';
  if (setting === 'never') return 'single';
  if (lineSuffix.trim() !== '' && !/^[)\]}]/.test(lineSuffix.trim())) return 'single';
  if (linePrefix.trim() === '') return 'multi';
  return endsWithBlockOpener(linePrefix, languageId) ? 'multi' : 'single';
}

/** Whether a line ends by opening a block, a call or a literal whose body may follow on the next lines. */
export function endsWithBlockOpener(line: string, languageId: string): boolean {
  const before = line.trimEnd();
  if (OPENERS.some((opener) => before.endsWith(opener))) return true;
  if (COLON_BLOCKS.has(languageId) && before.endsWith(':')) return true;
  return KEYWORD_OPENERS.test(before);
}
