// Fill-in-the-middle prompt formats as data: one record per model family, with the exact token texts the family was
// trained with. Which record applies is decided from the model's own vocabulary (fimDetect.ts), never its file name.
import type { FimOrder } from './types';

export interface FimFormat {
  /** Stable id reported to the UI and the log. */
  family: string;
  displayName: string;
  /**
   * Token texts as they appear in the vocabulary. Several spellings are accepted where GGUF conversions differ
   * (CodeLlama's SentencePiece tokens carry a leading `▁`). The first spelling found wins.
   */
  tokens: {
    prefix: readonly string[];
    suffix: readonly string[];
    /** Codestral generates straight after its prefix and has no middle token. */
    middle?: readonly string[];
  };
  /** Orders the family was trained with; the engine uses suffix-prefix-middle by default for KV reuse. */
  trainedOrders: readonly FimOrder[];
  /** Texts that end a completion. Single tokens in the vocabulary are matched as tokens, the rest as text. */
  stop: readonly string[];
  /** Repository-level context tokens, for families trained with them. */
  repo?: { repoName?: readonly string[]; fileSep: readonly string[] };
  /** Tokens that must also exist for this record to win over another family with the same FIM tokens. */
  markers?: readonly string[];
}

export const FIM_FORMATS: readonly FimFormat[] = [
  {
    // CodeGemma shares Qwen's FIM token texts; its `<|file_separator|>` tells them apart, so it is checked first.
    family: 'codegemma',
    displayName: 'CodeGemma',
    tokens: { prefix: ['<|fim_prefix|>'], suffix: ['<|fim_suffix|>'], middle: ['<|fim_middle|>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['<|file_separator|>', '<end_of_turn>', '<eos>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'],
    markers: ['<|file_separator|>'],
  },
  {
    family: 'qwen2.5-coder',
    displayName: 'Qwen2.5-Coder',
    tokens: { prefix: ['<|fim_prefix|>'], suffix: ['<|fim_suffix|>'], middle: ['<|fim_middle|>'] },
    trainedOrders: ['psm'],
    stop: [
      '<|endoftext|>',
      '<|fim_prefix|>',
      '<|fim_suffix|>',
      '<|fim_middle|>',
      '<|fim_pad|>',
      '<|repo_name|>',
      '<|file_sep|>',
      '<|im_start|>',
      '<|im_end|>',
    ],
    repo: { repoName: ['<|repo_name|>'], fileSep: ['<|file_sep|>'] },
  },
  {
    family: 'deepseek-coder',
    displayName: 'DeepSeek-Coder',
    tokens: { prefix: ['<｜fim▁begin｜>'], suffix: ['<｜fim▁hole｜>'], middle: ['<｜fim▁end｜>'] },
    trainedOrders: ['psm'],
    stop: ['<｜end▁of▁sentence｜>', '<|EOT|>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
  },
  {
    // StarCoder (1) and StarCoder2 share FIM tokens; only StarCoder2 has `<file_sep>`, and repo tokens are used
    // only when the vocabulary holds them.
    family: 'starcoder',
    displayName: 'StarCoder',
    tokens: { prefix: ['<fim_prefix>'], suffix: ['<fim_suffix>'], middle: ['<fim_middle>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<repo_name>', '<filename>'],
    repo: { repoName: ['<repo_name>'], fileSep: ['<file_sep>'] },
  },
  {
    family: 'codellama',
    displayName: 'CodeLlama',
    tokens: { prefix: ['▁<PRE>', '<PRE>'], suffix: ['▁<SUF>', '<SUF>'], middle: ['▁<MID>', '<MID>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['▁<EOT>', '<EOT>', '</s>'],
  },
  {
    // Mistral's FIM: `[SUFFIX]suffix[PREFIX]prefix` and the model continues; there is no middle token to send.
    family: 'codestral',
    displayName: 'Codestral',
    tokens: { prefix: ['[PREFIX]'], suffix: ['[SUFFIX]'] },
    trainedOrders: ['spm'],
    stop: ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]'],
  },
];

/** Line-comment leaders by file extension, for labelling extra-context chunks in families without file tokens. */
const COMMENT_BY_EXTENSION: Readonly<Record<string, string>> = {
  py: '#', rb: '#', sh: '#', bash: '#', zsh: '#', yaml: '#', yml: '#', toml: '#', r: '#', pl: '#', ps1: '#',
  sql: '--', lua: '--', hs: '--',
  lisp: ';', clj: ';', el: ';',
  m: '%', tex: '%', erl: '%',
  vim: '"',
};

/** A one-line comment naming `filePath`, in the comment style of that file's language (`//` when unknown). */
export function commentFileHeader(filePath: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filePath)?.[1]?.toLowerCase() ?? '';
  const leader = COMMENT_BY_EXTENSION[extension] ?? '//';
  return `${leader} ${filePath}\n`;
}
