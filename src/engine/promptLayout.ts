// Lays out an infill prompt as a token array from the family's template (fimTemplate.ts). Special tokens are placed as
// token ids and code is tokenized as plain text, so code that contains `<|fim_prefix|>` stays text. Each part is
// tokenized on its own, as FIM training tokenizes the pieces of a split document. When the prompt is over its budget,
// what matters least goes first: the last extra chunks, the far end of the suffix (down to a share), the far start of
// the prefix, then the rest of the suffix. The typed run (the middle) is never cut.
import type { DetectedFormat } from './fimDetect';
import { fimParts, prefixOnlyParts, type FimPart, type SpecialRole } from './fimTemplate';
import type { FimOrder, InfillRequest } from './types';

export interface PromptTokenizer {
  /**
   * Tokens of plain text; text that looks like a special token must stay text. `leadingSpace`: keep the implicit
   * leading space a SentencePiece tokenizer adds (no effect on byte-level BPE).
   */
  tokenize(text: string, leadingSpace: boolean): number[];
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
  /**
   * The prompt ends in code typed before the cursor (not in a special token): its last token may be healed
   * (tokenHealing.ts).
   */
  endsInCode: boolean;
}

/** Suffix tokens always kept when the prompt must shrink, if the suffix has them (the model needs to see what follows). */
const MIN_SUFFIX_SHARE = 0.25;

interface LaidPart {
  part: FimPart;
  tokens: number[];
}

export function layoutPrompt(
  request: Pick<InfillRequest, 'prefix' | 'middle' | 'suffix' | 'extra' | 'filePath' | 'repoName'>,
  format: DetectedFormat,
  tokenizer: PromptTokenizer,
  options: PromptLayoutOptions,
): PromptLayout {
  const parts =
    format.mode === 'fim' ? fimParts(request, format.format, format.context, options.order) : prefixOnlyParts(request);
  const ids = format.mode === 'fim' ? format.ids : undefined;
  const idOf = (role: SpecialRole): number => {
    const id = ids?.[role];
    if (id === undefined) throw new Error(`the prompt template needs a ${role} token the vocabulary does not have`);
    return id;
  };
  let laid: LaidPart[] = parts
    .map((part) => ({ part, tokens: 'special' in part ? [idOf(part.special)] : part.text ? tokenizer.tokenize(part.text, part.leadingSpace) : [] }))
    .filter((entry) => entry.tokens.length > 0 || ('role' in entry.part && entry.part.role !== 'context'));
  const head = tokenizer.bos !== undefined ? [tokenizer.bos] : [];
  const trimmed = { extraChunks: 0, prefixTokens: 0, suffixTokens: 0 };
  const size = () => head.length + laid.reduce((sum, entry) => sum + entry.tokens.length, 0);

  // The last chunks go first: the earlier ones are the part of the prompt that stays cached longest.
  const chunkCount = new Set(laid.flatMap((entry) => (entry.part.extra !== undefined ? [entry.part.extra] : []))).size;
  for (let chunk = chunkCount - 1; chunk >= 0 && size() > options.maxPromptTokens; chunk--) {
    laid = laid.filter((entry) => entry.part.extra !== chunk);
    trimmed.extraChunks++;
  }
  const prefix = laid.find((entry) => role(entry) === 'prefix');
  const suffix = laid.find((entry) => role(entry) === 'suffix');
  const over = size() - options.maxPromptTokens;
  if (over > 0 && prefix) {
    const suffixTokens = suffix?.tokens.length ?? 0;
    const fimBudget = Math.max(0, prefix.tokens.length + suffixTokens - over);
    const suffixKeep = Math.min(suffixTokens, Math.max(Math.floor(fimBudget * MIN_SUFFIX_SHARE), fimBudget - prefix.tokens.length));
    if (suffix) {
      trimmed.suffixTokens = suffixTokens - suffixKeep;
      suffix.tokens = suffix.tokens.slice(0, suffixKeep);
    }
    const prefixKeep = Math.max(0, Math.min(prefix.tokens.length, fimBudget - suffixKeep));
    trimmed.prefixTokens = prefix.tokens.length - prefixKeep;
    prefix.tokens = prefix.tokens.slice(prefix.tokens.length - prefixKeep);
  }

  const tokens = [...head, ...laid.flatMap((entry) => entry.tokens)];
  const last = [...laid].reverse().find((entry) => entry.tokens.length > 0);
  const endsInCode = last !== undefined && (role(last) === 'middle' || role(last) === 'prefix');
  return { tokens, trimmed, endsInCode };
}

function role(entry: LaidPart): string | undefined {
  return 'role' in entry.part ? entry.part.role : undefined;
}
