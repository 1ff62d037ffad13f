// Tokenizer metadata for the test models, copied from llama.cpp's vocab-only GGUFs, plus Qwen2.5-Coder's FIM
// vocabulary made from Qwen2's (same BPE; Qwen2.5 put its special tokens at fixed ids that Qwen2 left as padding).
import { GgufType, type GgufMetadata, kv, readGgufHeader } from './gguf';

/** Token types in `tokenizer.ggml.token_type` (llama_token_type). */
export const TokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

/** Qwen2.5's added tokens from id 151646 on: control tokens, except the two tool-call markers (plain text). */
const QWEN25_ADDED_TOKENS = [
  '<|object_ref_start|>', '<|object_ref_end|>', '<|box_start|>', '<|box_end|>', '<|quad_start|>', '<|quad_end|>',
  '<|vision_start|>', '<|vision_end|>', '<|vision_pad|>', '<|image_pad|>', '<|video_pad|>', '<tool_call>',
  '</tool_call>', '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>',
];
const QWEN25_FIRST_ADDED_ID = 151646;
export const QWEN25_IDS = { endOfText: 151643, imEnd: 151645, fimPrefix: 151659, fimMiddle: 151660, fimSuffix: 151661 } as const;

/** A plain ChatML template: enough for chat-format code paths (an explain command) to find and apply one. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** The `tokenizer.*` entries of a vocab-only GGUF, in file order. */
export function readTokenizer(vocabFile: string): GgufMetadata {
  const tokenizer: GgufMetadata = new Map();
  for (const [key, value] of readGgufHeader(vocabFile).metadata) if (key.startsWith('tokenizer.')) tokenizer.set(key, value);
  if (!tokenizer.has('tokenizer.ggml.tokens')) throw new Error(`${vocabFile} holds no tokenizer`);
  return tokenizer;
}

/** Qwen2.5-Coder's vocabulary (FIM, repo and file-separator tokens), with a ChatML chat template. */
export function qwen25CoderTokenizer(qwen2VocabFile: string): GgufMetadata {
  const tokenizer = readTokenizer(qwen2VocabFile);
  const tokens = [...stringArray(tokenizer, 'tokenizer.ggml.tokens')];
  const types = [...(tokenizer.get('tokenizer.ggml.token_type')!.value as number[])];
  if (tokens[QWEN25_IDS.endOfText] !== '<|endoftext|>') throw new Error(`${qwen2VocabFile} is not Qwen2's vocabulary`);
  QWEN25_ADDED_TOKENS.forEach((text, i) => {
    tokens[QWEN25_FIRST_ADDED_ID + i] = text;
    types[QWEN25_FIRST_ADDED_ID + i] = text.startsWith('<|') ? TokenType.control : TokenType.userDefined;
  });
  tokenizer.set('tokenizer.ggml.tokens', kv.strings(tokens));
  tokenizer.set('tokenizer.ggml.token_type', kv.i32s(types));
  tokenizer.set('tokenizer.chat_template', kv.str(CHATML_TEMPLATE));
  return tokenizer;
}

export function stringArray(metadata: GgufMetadata, key: string): string[] {
  const entry = metadata.get(key);
  if (entry?.type !== GgufType.Array || entry.itemType !== GgufType.String) throw new Error(`${key} is not a string array`);
  return entry.value as string[];
}

/** Ids of tokens a random model must never pick (control, unused, unknown, user-defined: end-of-text among them). */
export function nonTextTokenIds(tokenizer: GgufMetadata): Set<number> {
  const types = tokenizer.get('tokenizer.ggml.token_type')!.value as number[];
  const ids = new Set<number>();
  types.forEach((type, id) => {
    if (type !== TokenType.normal && type !== TokenType.byte) ids.add(id);
  });
  return ids;
}
