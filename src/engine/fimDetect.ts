// Picks the FIM prompt format from the model's own vocabulary: which FIM tokens exist as single tokens, helped by the
// GGUF `tokenizer.ggml.fim_*_token_id` metadata where the converter wrote it. A model without FIM tokens runs in
// prefix-only mode, and the load result says so.
import { FIM_FORMATS, type ContextFormat, type FimFormat } from './fimFormats';

export interface VocabularyView {
  /** Id of the token whose text is exactly `text`, if the vocabulary holds one. */
  tokenId(text: string): number | undefined;
  /** Text of a token id. */
  tokenText(id: number): string | undefined;
  /** GGUF `tokenizer.ggml.fim_{pre,suf,mid}_token_id`, where present. */
  fimTokenIds?: { prefix?: number; suffix?: number; middle?: number };
}

export interface ResolvedFimFormat {
  mode: 'fim';
  format: FimFormat;
  ids: { prefix: number; suffix: number; middle?: number; repoName?: number; fileSep?: number; fileSeparator?: number };
  /** The context format this vocabulary supports: the family's, or path comments when its file tokens are missing. */
  context: ContextFormat;
  /** Generating any of these ends the completion (FIM and file tokens, the family's end tokens). */
  stopTokenIds: readonly number[];
  /** Stop sequences that are not single tokens, matched on the generated text. */
  stopTexts: readonly string[];
  /** Where the FIM token ids came from. */
  source: 'vocabulary' | 'metadata';
}

export interface PrefixOnlyFormat {
  mode: 'prefixOnly';
  stopTokenIds: readonly number[];
  stopTexts: readonly string[];
}

export type DetectedFormat = ResolvedFimFormat | PrefixOnlyFormat;

/** GGUF token types that are never usable as a FIM token (unknown, unused, byte). */
const UNUSABLE_TOKEN_TYPES = new Set([2, 5, 6]);

/** A vocabulary view over GGUF metadata: `tokenizer.ggml.tokens`, `.token_type` and the FIM id keys. */
export function vocabularyFromGguf(tokenizer: {
  tokens?: readonly string[];
  token_type?: readonly number[];
  fim_pre_token_id?: number;
  fim_suf_token_id?: number;
  fim_mid_token_id?: number;
  prefix_token_id?: number;
  suffix_token_id?: number;
  middle_token_id?: number;
}): VocabularyView {
  const tokens = tokenizer.tokens ?? [];
  const types = tokenizer.token_type;
  let byText: Map<string, number> | undefined;
  const index = (): Map<string, number> => {
    if (byText) return byText;
    byText = new Map();
    for (let id = 0; id < tokens.length; id++) {
      const text = tokens[id]!;
      if (types && UNUSABLE_TOKEN_TYPES.has(types[id] ?? 1)) continue;
      if (!byText.has(text)) byText.set(text, id);
    }
    return byText;
  };
  const fimTokenIds = {
    prefix: tokenizer.fim_pre_token_id ?? tokenizer.prefix_token_id,
    suffix: tokenizer.fim_suf_token_id ?? tokenizer.suffix_token_id,
    middle: tokenizer.fim_mid_token_id ?? tokenizer.middle_token_id,
  };
  return {
    tokenId: (text) => index().get(text),
    tokenText: (id) => (Number.isInteger(id) && id >= 0 && id < tokens.length ? tokens[id] : undefined),
    fimTokenIds,
  };
}

function firstId(vocab: VocabularyView, spellings: readonly string[] | undefined): number | undefined {
  for (const text of spellings ?? []) {
    const id = vocab.tokenId(text);
    if (id !== undefined) return id;
  }
  return undefined;
}

function resolve(
  vocab: VocabularyView,
  format: FimFormat,
  ids: { prefix: number; suffix: number; middle?: number },
  source: ResolvedFimFormat['source'],
): ResolvedFimFormat {
  const declared = format.context;
  const repoName = declared.kind === 'repoTokens' ? firstId(vocab, declared.repoName) : undefined;
  const fileSep = declared.kind === 'repoTokens' ? firstId(vocab, declared.fileSep) : undefined;
  const fileSeparator = declared.kind === 'pathLines' ? firstId(vocab, declared.fileSeparator) : undefined;
  const usable =
    (declared.kind === 'repoTokens' && repoName !== undefined && fileSep !== undefined) ||
    (declared.kind === 'pathLines' && fileSeparator !== undefined);
  const context: ContextFormat = usable ? declared : { kind: 'pathComments' };
  const stopTokenIds = new Set<number>([ids.prefix, ids.suffix]);
  if (ids.middle !== undefined) stopTokenIds.add(ids.middle);
  for (const id of [repoName, fileSep, fileSeparator]) if (id !== undefined) stopTokenIds.add(id);
  const stopTexts: string[] = [];
  for (const text of format.stop) {
    const id = vocab.tokenId(text);
    if (id !== undefined) stopTokenIds.add(id);
    else stopTexts.push(text);
  }
  return {
    mode: 'fim',
    format,
    ids: {
      ...ids,
      ...(usable && repoName !== undefined ? { repoName } : {}),
      ...(usable && fileSep !== undefined ? { fileSep } : {}),
      ...(usable && fileSeparator !== undefined ? { fileSeparator } : {}),
    },
    context,
    stopTokenIds: [...stopTokenIds],
    // Stop texts that look like special tokens but are not in this vocabulary cannot be generated as such; matching
    // them as text would still be right (the model spelled the control sequence out), so they stay.
    stopTexts,
    source,
  };
}

function hasMarkers(vocab: VocabularyView, format: FimFormat): boolean {
  return (format.markers ?? []).every((marker) => vocab.tokenId(marker) !== undefined);
}

/** The FIM format of a model, from its vocabulary; prefix-only when it has no FIM tokens. */
export function detectFimFormat(vocab: VocabularyView): DetectedFormat {
  const meta = vocab.fimTokenIds;
  if (meta?.prefix !== undefined && meta.suffix !== undefined) {
    const prefixText = vocab.tokenText(meta.prefix);
    const suffixText = vocab.tokenText(meta.suffix);
    const ids = { prefix: meta.prefix, suffix: meta.suffix, ...(meta.middle !== undefined ? { middle: meta.middle } : {}) };
    const known = FIM_FORMATS.find(
      (format) =>
        prefixText !== undefined &&
        suffixText !== undefined &&
        format.tokens.prefix.includes(prefixText) &&
        format.tokens.suffix.includes(suffixText) &&
        hasMarkers(vocab, format),
    );
    if (known) return resolve(vocab, known, ids, 'metadata');
    const generic: FimFormat = {
      family: 'gguf-metadata',
      displayName: 'FIM tokens from the model file',
      tokens: {
        prefix: [prefixText ?? ''],
        suffix: [suffixText ?? ''],
        ...(meta.middle !== undefined ? { middle: [vocab.tokenText(meta.middle) ?? ''] } : {}),
      },
      source: "the model file's own tokenizer.ggml.fim_*_token_id entries",
      trainedOrders: ['psm'],
      stop: [],
      context: { kind: 'pathComments' },
    };
    return resolve(vocab, generic, ids, 'metadata');
  }

  for (const format of FIM_FORMATS) {
    const prefix = firstId(vocab, format.tokens.prefix);
    const suffix = firstId(vocab, format.tokens.suffix);
    const middle = firstId(vocab, format.tokens.middle);
    if (prefix === undefined || suffix === undefined) continue;
    if (format.tokens.middle && middle === undefined) continue;
    if (!hasMarkers(vocab, format)) continue;
    return resolve(vocab, format, { prefix, suffix, ...(middle !== undefined ? { middle } : {}) }, 'vocabulary');
  }
  return { mode: 'prefixOnly', stopTokenIds: [], stopTexts: [] };
}
