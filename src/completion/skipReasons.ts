// Whether to ask the model at all, and if not, why (the reason goes into the request record and the status bar).
// Cheap checks on settings and the cursor line run before any window is built.

import { isLanguageEnabled, type Settings } from '../config/settings';
import type { ContextWindows } from './contextWindow';
import type { ExclusionMatcher } from './exclusion';
import type { CompletionInput, SkipReason } from './types';

export const LIMITS = {
  /** Larger documents are generated or data files; reading them per keystroke would slow the editor. */
  maxDocumentChars: 1_000_000,
  maxDocumentLines: 50_000,
  /** A line this long near the cursor means minified or generated code. */
  maxLineChars: 1_000,
  /** Average line length of the windows above which code counts as minified. */
  maxAverageLineChars: 200,
} as const;

/** What may stand right of the cursor for an automatic request: closers, separators and whitespace. */
const CLOSING_TEXT = /^[\s)\]}>"'`;,.:]*$/;

export function settingsSkipReason(
  input: CompletionInput,
  settings: Settings,
  isExcluded: ExclusionMatcher,
  snoozedUntil: number | undefined,
  now: number,
): SkipReason | undefined {
  if (!settings.enable) return 'disabled';
  if (!isLanguageEnabled(settings, input.languageId)) return 'languageDisabled';
  if (isExcluded(input.relativePath)) return 'excluded';
  if (snoozedUntil !== undefined && now < snoozedUntil) return 'snoozed';
  return undefined;
}

export function cursorSkipReason(input: CompletionInput): SkipReason | undefined {
  const { document, position } = input;
  if (document.lineCount > LIMITS.maxDocumentLines) return 'tooLarge';
  if (document.length !== undefined && document.length > LIMITS.maxDocumentChars) return 'tooLarge';
  const line = document.lineAt(position.line);
  if (line.length > LIMITS.maxLineChars) return 'minified';
  if (input.trigger === 'automatic' && !CLOSING_TEXT.test(line.slice(position.character))) return 'textAfterCursor';
  return undefined;
}

export function windowSkipReason(windows: ContextWindows): SkipReason | undefined {
  const text = `${windows.prefix}\n${windows.suffix}`;
  if (text.includes('\0')) return 'binary';
  const lines = text.split('\n');
  if (lines.some((line) => line.length > LIMITS.maxLineChars)) return 'minified';
  if (lines.length >= 5 && text.length / lines.length > LIMITS.maxAverageLineChars) return 'minified';
  return undefined;
}
