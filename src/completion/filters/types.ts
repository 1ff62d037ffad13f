// The one signature every filter has: a suggestion and its context in, a suggestion or nothing out.

import type { CompletionMode, IndentStyle } from '../types';

export interface FilterContext {
  mode: CompletionMode;
  /** Text of the cursor line before the cursor. */
  linePrefix: string;
  /** Text of the cursor line after the cursor. */
  lineSuffix: string;
  /** The prefix window (ends with linePrefix). */
  prefix: string;
  /** The suffix window (starts with lineSuffix). */
  suffix: string;
  /** The document's indentation; undefined when unknown (an unindented snippet). */
  indent?: IndentStyle;
  languageId: string;
  /** Special-token texts of the model family that answered (none when the engine did not say which family). */
  specialTokens?: readonly string[];
}

export type Filter = (suggestion: string, context: FilterContext) => string | undefined;
