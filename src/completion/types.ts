// The plain data the VS Code provider hands the completion pipeline, and what it gets back. No `vscode` types:
// positions are line/character pairs (UTF-16, as in VS Code) so the provider maps them one to one.

import type { Settings } from '../config/settings';

/** A document read line by line, so the provider need not copy a large file on every keystroke. */
export interface TextLines {
  readonly lineCount: number;
  /** Text of line `line` without its line break. */
  lineAt(line: number): string;
  /** Total length in characters, when cheap to know (VS Code: `offsetAt(end)`); used for the size limit. */
  readonly length?: number;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type TriggerKind = 'automatic' | 'explicit';

/** The suggest widget's selected item (VS Code's `selectedCompletionInfo`): the suggestion must extend it. */
export interface SelectedCompletion {
  range: Range;
  text: string;
}

export interface CompletionInput {
  document: TextLines;
  position: Position;
  languageId: string;
  /** Workspace-relative path with `/` separators (matched against exclusion globs, shown to the model). */
  relativePath: string;
  /** Name of the workspace folder the document is in (the model sees it as the repository's name). */
  repoName?: string;
  uri: string;
  version: number;
  trigger: TriggerKind;
  selected?: SelectedCompletion;
  /** Converted once from the CancellationToken by the provider. */
  signal: AbortSignal;
  /** The editor's indentation, when known; otherwise it is detected from the text. */
  indent?: IndentStyle;
}

export interface IndentStyle {
  insertSpaces: boolean;
  /** Columns of one indentation level (and of a tab). */
  size: number;
}

/** One suggestion as VS Code's InlineCompletionItem wants it; the range is on one line. */
export interface CompletionItem {
  insertText: string;
  range: Range;
}

export type CompletionMode = 'single' | 'multi';

export type SkipReason =
  | 'disabled'
  | 'languageDisabled'
  | 'excluded'
  | 'snoozed'
  | 'tooLarge'
  | 'binary'
  | 'minified'
  | 'textAfterCursor';

export type Outcome =
  | 'shown'
  | 'typedThrough'
  | 'cache'
  | 'skipped'
  | 'filteredEmpty'
  /** The time (pipit.maxTimeMs) ran out while the model was still reading the prompt. */
  | 'promptTimeout'
  /** The answer was cut by pipit.maxTokens or pipit.maxTimeMs before it had one complete line. */
  | 'cutShort'
  | 'cancelled'
  | 'error'
  | 'prefetched'
  /** The prompt of the place where the cursor rests was read ahead into the engine's cache. */
  | 'warmed';

/** One record per request, for the log and the benchmark. */
export interface RequestRecord {
  /** Clock time the request arrived. */
  at: number;
  uri: string;
  languageId: string;
  trigger: TriggerKind | 'prefetch' | 'rest';
  outcome: Outcome;
  reason?: SkipReason;
  mode?: CompletionMode;
  /** Engine requests this request made (0 when served from cache or typed-through). */
  engineRequests: number;
  promptTokensEvaluated: number;
  promptTokensReused: number;
  timeToFirstTokenMs?: number;
  totalMs: number;
  items: number;
  error?: string;
}

export interface CompletionResponse {
  items: CompletionItem[];
  outcome: Outcome;
  reason?: SkipReason;
  /** Set when outcome is `error`: what went wrong, for the log and the status bar. */
  error?: string;
}

export interface Clock {
  now(): number;
}

export type RecordSink = (record: RequestRecord) => void;
/** Where a request's settings are read: its document (folder settings) and language (language overrides). */
export interface SettingsScope {
  uri: string;
  languageId: string;
}

/** The settings for one document and language, read the way the editor resolves them. */
export type SettingsSource = (scope: SettingsScope) => Settings;

/** Running totals a test or the status bar reads. */
export interface PipelineCounters {
  requests: number;
  engineRequests: number;
  cacheHits: number;
  typedThroughHits: number;
  prefetches: number;
  /** Prompts of resting-cursor places read ahead (CompletionPipeline.warm). */
  readAheads: number;
  /** Pauses (and jumps) at which the extra-context chunks of the prompt changed. */
  contextChanges: number;
  skipped: number;
  errors: number;
}

/** A suggestion relative to the cursor: text to insert and how many characters right of the cursor it replaces. */
export interface Suggestion {
  text: string;
  replace: number;
}
