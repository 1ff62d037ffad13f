// Models leak their control tokens as text (end of text, FIM padding, file separators); whatever follows one is
// not meant for the document, so the suggestion ends where the first one begins.

import type { Filter } from './types';

const SPECIAL_TOKEN = new RegExp(
  [
    '<\\|[A-Za-z_]+\\|>', // Qwen, StarCoder2 chat/FIM: <|endoftext|>, <|fim_pad|>, <|file_sep|>, <|im_end|>
    '<｜[^｜\\n]{1,40}｜>', // DeepSeek: <｜end▁of▁sentence｜>, <｜fim▁hole｜>
    '<(?:fim_[a-z]+|file_sep|repo_name|filename|gh_stars|EOT|PRE|SUF|MID)>', // StarCoder, CodeGemma, CodeLlama
    '\\[(?:PREFIX|SUFFIX|MIDDLE)\\]', // Codestral
  ].join('|'),
);

export const stripSpecialTokens: Filter = (suggestion) => {
  const match = SPECIAL_TOKEN.exec(suggestion);
  return match ? suggestion.slice(0, match.index) : suggestion;
};
