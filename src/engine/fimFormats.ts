// Fill-in-the-middle prompt formats as data: one record per model family, with the exact token texts the family was
// trained with. Which record applies is decided from the model's own vocabulary (fimDetect.ts), never its file name.
import type { FimOrder } from './types';

export interface FimFormat {
  /** Stable id reported to the UI and the log. */
  family: string;
  displayName: string;
  /** Where the template comes from: the paper, model card or reference implementation it follows. */
  source: string;
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
  /**
   * Orders the family was trained with. Every family with a middle token is laid out prefix-suffix-middle, with the
   * typed run after the middle token (promptLayout.ts); a family without one is suffix-first.
   */
  trainedOrders: readonly FimOrder[];
  /** Texts that end a completion. Single tokens in the vocabulary are matched as tokens, the rest as text. */
  stop: readonly string[];
  /** How other files and the current file's path are given (repository-level context). */
  context: ContextFormat;
  /**
   * The reference encoder keeps SentencePiece's implicit leading space on the prefix (and only there: the suffix and
   * the middle are encoded without it).
   */
  prefixLeadingSpace?: boolean;
  /** Tokens that must also exist for this record to win over another family with the same FIM tokens. */
  markers?: readonly string[];
}

export type ContextFormat =
  /**
   * Repository tokens: `<repo>{name}{afterRepoName}` then `<sep>{path}\n{text}\n` per file, then the current file's
   * `{path}\n` right before the prefix token (Qwen2.5-Coder) or right after it (StarCoder2).
   */
  | { kind: 'repoTokens'; repoName: readonly string[]; afterRepoName: string; fileSep: readonly string[]; currentPath: 'beforePrefix' | 'insidePrefix' }
  /** Each file as `{path}\n{text}\n`, files joined by a separator token; the current file's `{path}\n` before the prefix token. */
  | { kind: 'pathLines'; fileSeparator: readonly string[] }
  /** No file tokens: other files and the current file's path as line comments at the start of the prefix. */
  | { kind: 'pathComments' };

export const FIM_FORMATS: readonly FimFormat[] = [
  {
    // CodeGemma shares Qwen's FIM token texts; its `<|file_separator|>` tells them apart, so it is checked first.
    family: 'codegemma',
    displayName: 'CodeGemma',
    source:
      'CodeGemma report, arXiv 2406.11409: Fig. 2 (files as `path↵` + content joined by <|file_separator|>) and Fig. 4 ' +
      '(`path↵<|fim_prefix|>prefix<|fim_suffix|>suffix<|fim_middle|>`, no spaces); trained on PSM and SPM.',
    tokens: { prefix: ['<|fim_prefix|>'], suffix: ['<|fim_suffix|>'], middle: ['<|fim_middle|>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['<|file_separator|>', '<end_of_turn>', '<eos>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'],
    context: { kind: 'pathLines', fileSeparator: ['<|file_separator|>'] },
    markers: ['<|file_separator|>'],
  },
  {
    family: 'qwen2.5-coder',
    displayName: 'Qwen2.5-Coder',
    source:
      'Qwen2.5-Coder report, arXiv 2409.12186 §3.2.1 Fig. 3 (`<|fim_prefix|>{pre}<|fim_suffix|>{suf}<|fim_middle|>`) ' +
      'and §3.2.2 Fig. 4 (`<|repo_name|>{name}\n<|file_sep|>{path}\n{content}\n…<|file_sep|>{path}\n<|fim_prefix|>…`); ' +
      'PSM only; QwenLM/Qwen2.5-Coder examples/Qwen2.5-Coder-repolevel-fim.py.',
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
    context: { kind: 'repoTokens', repoName: ['<|repo_name|>'], afterRepoName: '\n', fileSep: ['<|file_sep|>'], currentPath: 'beforePrefix' },
  },
  {
    family: 'deepseek-coder',
    displayName: 'DeepSeek-Coder',
    source:
      'DeepSeek-Coder paper, arXiv 2401.14196 §3.1.2 (`<｜fim▁begin｜>f_pre<｜fim▁hole｜>f_suf<｜fim▁end｜>f_middle`, ' +
      'PSM only, after the tokenizer\'s BOS) and §2.2 (each file starts with a comment giving its path); ' +
      'deepseek-ai/DeepSeek-Coder README, "Code Insertion".',
    tokens: { prefix: ['<｜fim▁begin｜>'], suffix: ['<｜fim▁hole｜>'], middle: ['<｜fim▁end｜>'] },
    trainedOrders: ['psm'],
    stop: ['<｜end▁of▁sentence｜>', '<|EOT|>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
    context: { kind: 'pathComments' },
  },
  {
    // StarCoder (1) and StarCoder2 share FIM tokens; only StarCoder2 has `<repo_name>`/`<file_sep>`, and the repo
    // format is used only when the vocabulary holds them.
    family: 'starcoder',
    displayName: 'StarCoder',
    source:
      'StarCoder2 paper, arXiv 2402.19173 §5.1 (`<repo_name>name<file_sep>path\ncode<file_sep><fim_prefix>path\n' +
      'pre<fim_suffix>suf<fim_middle>mid`: no newline after the name, the current path inside the prefix); ' +
      'bigcode-project/starcoder2 issue #10 (`<fim_prefix>prefix<fim_suffix>suffix<fim_middle>`, stop at <file_sep>).',
    tokens: { prefix: ['<fim_prefix>'], suffix: ['<fim_suffix>'], middle: ['<fim_middle>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>', '<repo_name>', '<filename>'],
    context: { kind: 'repoTokens', repoName: ['<repo_name>'], afterRepoName: '', fileSep: ['<file_sep>'], currentPath: 'insidePrefix' },
  },
  {
    family: 'codellama',
    displayName: 'CodeLlama',
    source:
      'Code Llama paper, arXiv 2308.12950 §2.3 (PSM and SPM, no implicit leading space on the suffix and middle); ' +
      'facebookresearch/codellama llama/generation.py infilling_prompt_tokens: ' +
      '[bos, <PRE>] + encode(pre) + [<SUF>] + encode_infilling(suf) + [<MID>]; ends with <EOT>.',
    tokens: { prefix: ['▁<PRE>', '<PRE>'], suffix: ['▁<SUF>', '<SUF>'], middle: ['▁<MID>', '<MID>'] },
    trainedOrders: ['psm', 'spm'],
    stop: ['▁<EOT>', '<EOT>', '</s>'],
    context: { kind: 'pathComments' },
    prefixLeadingSpace: true,
  },
  {
    // Mistral's FIM: `[SUFFIX]suffix[PREFIX]prefix` and the model continues; there is no middle token to send.
    family: 'codestral',
    displayName: 'Codestral',
    source:
      'mistralai/mistral-common, tokens/tokenizers/instruct.py InstructTokenizerV2.encode_fim: ' +
      '[BOS, [SUFFIX]] + suffix (no leading space) + [[PREFIX]] + prefix; [MIDDLE] is not used.',
    tokens: { prefix: ['[PREFIX]'], suffix: ['[SUFFIX]'] },
    trainedOrders: ['spm'],
    stop: ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]'],
    context: { kind: 'pathComments' },
    prefixLeadingSpace: true,
  },
];

/** Every special-token text of a family: what may leak into an answer as text and is never code. */
export function specialTexts(format: FimFormat): string[] {
  const context = format.context;
  const contextTokens =
    context.kind === 'repoTokens' ? [...context.repoName, ...context.fileSep] : context.kind === 'pathLines' ? [...context.fileSeparator] : [];
  return [...new Set([...format.tokens.prefix, ...format.tokens.suffix, ...(format.tokens.middle ?? []), ...contextTokens, ...format.stop])];
}

export function fimFormatByFamily(family: string | undefined): FimFormat | undefined {
  return family === undefined ? undefined : FIM_FORMATS.find((format) => format.family === family);
}

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
