// FIM vocabularies for the six families Pipit has prompt formats for, made from llama.cpp's vocab-only GGUFs
// (vocabSource.ts): the real tokenizers where llama.cpp ships them, CodeLlama's layout of LLaMA's real tokenizer, and
// stand-ins for CodeGemma and Codestral, whose own tokenizers it does not ship. Written as vocab-only GGUFs that a
// test loads with `vocabOnly: true` to tokenize exactly as the engine does.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type GgufMetadata, kv, readGgufHeader, writeGguf } from './gguf';
import { findVocabSource, vocabPath, type VocabName } from './vocabSource';
import { TokenType, qwen25CoderTokenizer, readTokenizer, stringArray } from './vocabularies';

export type FimVocab = 'qwen2.5-coder' | 'deepseek-coder' | 'starcoder2' | 'codellama' | 'codegemma' | 'codestral';

/** Bump when a builder's output changes: cached files are then written again. */
const FIM_VOCAB_VERSION = 1;

/** CodeLlama's FIM tokens (facebookresearch/codellama llama/tokenizer.py; llama.cpp conversion/llama.py). */
export const CODELLAMA_IDS = { prefix: 32007, suffix: 32008, middle: 32009, eot: 32010 } as const;
const CODELLAMA_VOCAB_SIZE = 32016;

/** CodeGemma's FIM and file tokens (arXiv 2406.11409 Table 1; llama.cpp conversion/gemma.py). */
export const CODEGEMMA_IDS = { prefix: 67, middle: 68, suffix: 69, fileSeparator: 70 } as const;

/** Where the Codestral stand-in puts Mistral's FIM tokens (v3 has them at 11-13, which LLaMA uses for bytes). */
export const CODESTRAL_STAND_IN_IDS = { prefix: 32000, middle: 32001, suffix: 32002 } as const;

/** The llama.cpp vocab file each family's vocabulary is made from. */
const BASE_VOCAB: Record<FimVocab, VocabName> = {
  'qwen2.5-coder': 'qwen2',
  'deepseek-coder': 'deepseek-coder',
  starcoder2: 'starcoder',
  codellama: 'llama-spm',
  codegemma: 'gemma-4',
  codestral: 'llama-spm',
};

const BUILDERS: Record<FimVocab, (vocabFile: string) => GgufMetadata> = {
  'qwen2.5-coder': qwen25CoderTokenizer,
  'deepseek-coder': readTokenizer,
  starcoder2: readTokenizer,
  codellama: codeLlamaTokenizer,
  codegemma: codeGemmaStandInTokenizer,
  codestral: codestralStandInTokenizer,
};

/**
 * CodeLlama's layout of LLaMA's real SentencePiece tokenizer: LLaMA's 32,000 pieces extended to CodeLlama's 32,016,
 * with `▁<PRE>` `▁<SUF>` `▁<MID>` `▁<EOT>` at their real ids as control tokens. What CodeLlama keeps at the other new
 * ids does not matter to a prompt, so they are unused placeholders, named and scored as llama.cpp's converter names
 * pieces it has no text for.
 */
export function codeLlamaTokenizer(llamaSpmVocabFile: string): GgufMetadata {
  const names = new Map<number, string>([
    [CODELLAMA_IDS.prefix, '▁<PRE>'],
    [CODELLAMA_IDS.suffix, '▁<SUF>'],
    [CODELLAMA_IDS.middle, '▁<MID>'],
    [CODELLAMA_IDS.eot, '▁<EOT>'],
  ]);
  const tokenizer = llamaSpm(llamaSpmVocabFile);
  return extend(tokenizer, CODELLAMA_VOCAB_SIZE, (id) => {
    const name = names.get(id);
    return name ? { text: name, type: TokenType.control, score: 0 } : { text: `[PAD${id}]`, type: TokenType.unused, score: -10000 };
  });
}

/**
 * A SentencePiece stand-in for Codestral's vocabulary (Mistral's v3 tokenizer does not ship with llama.cpp): LLaMA's
 * tokenizer, which like v3 adds a dummy leading space, with `[PREFIX]` `[MIDDLE]` `[SUFFIX]` added as control tokens.
 */
export function codestralStandInTokenizer(llamaSpmVocabFile: string): GgufMetadata {
  const names = new Map<number, string>([
    [CODESTRAL_STAND_IN_IDS.prefix, '[PREFIX]'],
    [CODESTRAL_STAND_IN_IDS.middle, '[MIDDLE]'],
    [CODESTRAL_STAND_IN_IDS.suffix, '[SUFFIX]'],
  ]);
  const tokenizer = llamaSpm(llamaSpmVocabFile);
  return extend(tokenizer, CODESTRAL_STAND_IN_IDS.suffix + 1, (id) => ({ text: names.get(id)!, type: TokenType.control, score: 0 }));
}

/**
 * A stand-in for CodeGemma's vocabulary, which llama.cpp does not ship: Gemma 4's tokenizer (same family, no dummy
 * space, BOS first), whose ids 67-70 are `<unused54>`..`<unused57>`, with CodeGemma's FIM and file tokens written at
 * CodeGemma's ids as control tokens.
 */
export function codeGemmaStandInTokenizer(gemma4VocabFile: string): GgufMetadata {
  const tokenizer = readTokenizer(gemma4VocabFile);
  const tokens = [...stringArray(tokenizer, 'tokenizer.ggml.tokens')];
  const types = [...(tokenizer.get('tokenizer.ggml.token_type')!.value as number[])];
  const names: [number, string][] = [
    [CODEGEMMA_IDS.prefix, '<|fim_prefix|>'],
    [CODEGEMMA_IDS.middle, '<|fim_middle|>'],
    [CODEGEMMA_IDS.suffix, '<|fim_suffix|>'],
    [CODEGEMMA_IDS.fileSeparator, '<|file_separator|>'],
  ];
  for (const [id, text] of names) {
    if (!/^<unused\d+>$/.test(tokens[id] ?? '')) throw new Error(`${gemma4VocabFile}: id ${id} is ${tokens[id]}, not an unused slot`);
    tokens[id] = text;
    types[id] = TokenType.control;
  }
  tokenizer.set('tokenizer.ggml.tokens', kv.strings(tokens));
  tokenizer.set('tokenizer.ggml.token_type', kv.i32s(types));
  // Gemma 4's chat template is long and belongs to another model.
  tokenizer.delete('tokenizer.chat_template');
  return tokenizer;
}

/**
 * Writes (or reuses) `<dir>/fim-vocab-<family>-<hash>.gguf`: the family's vocabulary with the architecture entries of
 * the llama.cpp vocab file it comes from, and no tensors (load it with `vocabOnly: true`).
 */
export async function ensureFimVocabOnly(family: FimVocab, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const source = findVocabSource();
  const hash = createHash('sha256')
    .update(JSON.stringify({ FIM_VOCAB_VERSION, vocab: source.commit, family }))
    .digest('hex')
    .slice(0, 16);
  const path = join(resolve(dir), `fim-vocab-${family}-${hash}.gguf`);
  if (existsSync(path)) return path;
  const vocabFile = await vocabPath(dir, source, BASE_VOCAB[family]);
  const metadata = architectureEntries(vocabFile);
  const tokenizer = BUILDERS[family](vocabFile);
  const architecture = String(metadata.get('general.architecture')?.value);
  const size = stringArray(tokenizer, 'tokenizer.ggml.tokens').length;
  if (metadata.has(`${architecture}.vocab_size`)) metadata.set(`${architecture}.vocab_size`, kv.u32(size));
  for (const [key, value] of tokenizer) metadata.set(key, value);
  await writeGguf(path, metadata, []);
  return path;
}

/** Every entry of a vocab file that is not the tokenizer: the architecture and its hyperparameters. */
function architectureEntries(vocabFile: string): GgufMetadata {
  const entries: GgufMetadata = new Map();
  for (const [key, value] of readGgufHeader(vocabFile).metadata) if (!key.startsWith('tokenizer.')) entries.set(key, value);
  return entries;
}

function llamaSpm(vocabFile: string): GgufMetadata {
  const tokenizer = readTokenizer(vocabFile);
  const tokens = stringArray(tokenizer, 'tokenizer.ggml.tokens');
  if (tokenizer.get('tokenizer.ggml.model')?.value !== 'llama' || tokens.length !== 32000 || tokens[1] !== '<s>') {
    throw new Error(`${vocabFile} is not LLaMA's SentencePiece vocabulary`);
  }
  return tokenizer;
}

/** Appends tokens up to `size` (`piece(id)` for each new id), keeping tokens, scores and types in step. */
function extend(tokenizer: GgufMetadata, size: number, piece: (id: number) => { text: string; type: number; score: number }): GgufMetadata {
  const tokens = [...stringArray(tokenizer, 'tokenizer.ggml.tokens')];
  const scores = [...(tokenizer.get('tokenizer.ggml.scores')!.value as number[])];
  const types = [...(tokenizer.get('tokenizer.ggml.token_type')!.value as number[])];
  for (let id = tokens.length; id < size; id++) {
    const { text, type, score } = piece(id);
    tokens.push(text);
    scores.push(score);
    types.push(type);
  }
  tokenizer.set('tokenizer.ggml.tokens', kv.strings(tokens));
  tokenizer.set('tokenizer.ggml.scores', kv.f32s(scores));
  tokenizer.set('tokenizer.ggml.token_type', kv.i32s(types));
  return tokenizer;
}
