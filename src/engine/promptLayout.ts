// Lays out an infill prompt as a token array. Special tokens are placed as token ids and code is tokenized as plain
// text, so code that contains `<|fim_prefix|>` stays text. The order is chosen for KV-cache reuse: extra-context
// chunks first (stable across keystrokes), then, in suffix-prefix-middle order, the suffix and then the prefix, so
// typing at the cursor only appends tokens.
import { commentFileHeader } from './fimFormats';
import type { DetectedFormat } from './fimDetect';
import type { FimOrder, InfillRequest } from './types';

export interface PromptTokenizer {
  /** Tokens of plain text; text that looks like a special token must stay text. */
  tokenize(text: string): number[];
  /** Beginning-of-sequence token, when the model wants one first. */
  bos?: number;
}

export interface PromptLayoutOptions {
  order: FimOrder;
  /** Most tokens the prompt may have (context size minus room for the answer). */
  maxPromptTokens: number;
}

export interface PromptLayout {
  tokens: number[];
  /** What had to go to fit `maxPromptTokens`. */
  trimmed: { extraChunks: number; prefixTokens: number; suffixTokens: number };
}

/** Suffix tokens always kept when the prompt must shrink, if the suffix has them (the model needs to see what follows). */
const MIN_SUFFIX_SHARE = 0.25;

export function layoutPrompt(
  request: Pick<InfillRequest, 'prefix' | 'suffix' | 'extra' | 'filePath' | 'repoName'>,
  format: DetectedFormat,
  tokenizer: PromptTokenizer,
  options: PromptLayoutOptions,
): PromptLayout {
  const ids = format.mode === 'fim' ? format.ids : undefined;
  const fileSep = ids?.fileSep;

  const head: number[] = tokenizer.bos !== undefined ? [tokenizer.bos] : [];
  if (ids?.repoName !== undefined && fileSep !== undefined && request.repoName) {
    head.push(ids.repoName, ...tokenizer.tokenize(`${request.repoName}\n`));
  }

  const chunks = (request.extra ?? []).map((chunk) =>
    fileSep !== undefined
      ? [fileSep, ...tokenizer.tokenize(`${chunk.filePath}\n${chunk.text}\n`)]
      : tokenizer.tokenize(`${commentFileHeader(chunk.filePath)}${chunk.text}\n\n`),
  );
  const fileHeader =
    fileSep !== undefined && request.filePath ? [fileSep, ...tokenizer.tokenize(`${request.filePath}\n`)] : [];

  let prefix = tokenizer.tokenize(request.prefix);
  let suffix = ids ? tokenizer.tokenize(request.suffix) : [];
  const fimTokens = ids ? 2 + (ids.middle !== undefined ? 1 : 0) : 0;

  const trimmed = { extraChunks: 0, prefixTokens: 0, suffixTokens: 0 };
  const size = () =>
    head.length + chunks.reduce((sum, chunk) => sum + chunk.length, 0) + fileHeader.length + fimTokens + prefix.length + suffix.length;

  // Shed what matters least first: the last extra chunks (the earlier ones are the cached part), then the far end of
  // the suffix down to its share, then the far start of the prefix, then the rest of the suffix.
  while (size() > options.maxPromptTokens && chunks.length > 0) {
    chunks.pop();
    trimmed.extraChunks++;
  }
  const fimBudget = Math.max(0, options.maxPromptTokens - (size() - prefix.length - suffix.length));
  if (prefix.length + suffix.length > fimBudget) {
    const suffixKeep = Math.min(suffix.length, Math.max(Math.floor(fimBudget * MIN_SUFFIX_SHARE), fimBudget - prefix.length));
    trimmed.suffixTokens = suffix.length - suffixKeep;
    suffix = suffix.slice(0, suffixKeep);
    const prefixKeep = Math.min(prefix.length, fimBudget - suffix.length);
    trimmed.prefixTokens = prefix.length - prefixKeep;
    prefix = prefix.slice(prefix.length - prefixKeep);
  }

  const tokens = [...head, ...chunks.flat(), ...fileHeader];
  if (!ids) {
    tokens.push(...prefix);
  } else if (options.order === 'spm' || ids.middle === undefined) {
    // Families without a middle token (Codestral) were trained only on suffix-prefix order.
    tokens.push(ids.suffix, ...suffix, ids.prefix, ...prefix);
    if (ids.middle !== undefined) tokens.push(ids.middle);
  } else {
    tokens.push(ids.prefix, ...prefix, ids.suffix, ...suffix, ids.middle);
  }
  return { tokens, trimmed };
}
