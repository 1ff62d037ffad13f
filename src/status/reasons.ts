// Why no suggestion appeared, in words for the status bar tooltip (users of every other completer ask for this).
import type { CompletionResponse, SkipReason } from '../completion/types';

const SKIP_WORDS: Record<SkipReason, string> = {
  disabled: 'Pipit is disabled',
  languageDisabled: 'turned off for this language (pipit.languages)',
  excluded: 'this file is excluded (secrets, or pipit.exclude)',
  snoozed: 'snoozed',
  tooLarge: 'skipped: the file is too large',
  binary: 'skipped: binary file',
  minified: 'skipped: minified file',
  textAfterCursor: 'skipped: code right of the cursor (suggestions appear at the end of a line)',
};

/** Words for a response that showed nothing; undefined when it showed something. */
export function noSuggestionReason(response: CompletionResponse): string | undefined {
  switch (response.outcome) {
    case 'skipped':
      return response.reason ? SKIP_WORDS[response.reason] : 'skipped';
    case 'filteredEmpty':
      return "filtered: the model's suggestion repeated the code around the cursor or was empty";
    case 'promptTimeout':
      return 'the prompt took longer than pipit.maxTimeMs to read, so there was no time left to answer; what was read is kept, so the next keystroke goes on from there';
    case 'cutShort':
      return 'the suggestion was cut by pipit.maxTokens or pipit.maxTimeMs before its line was complete; a half line is not shown';
    case 'cancelled':
      return 'cancelled: you kept typing';
    case 'error':
      return `engine error: ${response.error ?? 'unknown'}`;
    default:
      return response.items.length === 0 ? 'the model had nothing to add' : undefined;
  }
}
