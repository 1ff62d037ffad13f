// The words of the explain prompt, as data: one record for models with a chat template, one for base models.

export interface ExplainPromptFormat {
  /** System message for chat models. */
  system: string;
  /** Asks for the first explanation; `{what}` is replaced by e.g. "TypeScript function `total`". */
  ask: string;
  /** Base models: the opening line that makes a good explanation the likely continuation. */
  completionIntro: string;
  completionAnswer: string;
  completionQuestion: string;
  completionFollowUpAnswer: string;
  /** Where a base model's answer ends: it starts writing the next section of the imagined document. */
  completionStop: string[];
}

export const EXPLAIN_FORMAT: ExplainPromptFormat = {
  system:
    'You are Pipit, a code explainer running locally in the editor. Explain code clearly and briefly for a ' +
    'programmer who is reading it: what it does, how it does it, and anything surprising (edge cases, likely bugs, ' +
    'performance traps). Answer in Markdown: short paragraphs and lists, names in backticks, code blocks with a ' +
    'language tag. Explain only the code shown; say so when something depends on code you cannot see.',
  ask: 'Explain this {what}.',
  completionIntro:
    'Below is {what}, followed by a clear, brief explanation of what it does and how, written by an experienced programmer.',
  completionAnswer: 'Explanation:',
  completionQuestion: 'Question:',
  completionFollowUpAnswer: 'Answer:',
  completionStop: ['\nQuestion:', '\nCode:', '\nFile:', '\n---\n'],
};

const LANGUAGE_NAMES: Record<string, string> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript (TSX)',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript (JSX)',
  python: 'Python',
  java: 'Java',
  c: 'C',
  cpp: 'C++',
  csharp: 'C#',
  go: 'Go',
  rust: 'Rust',
  php: 'PHP',
  ruby: 'Ruby',
  kotlin: 'Kotlin',
  swift: 'Swift',
  shellscript: 'shell',
  sql: 'SQL',
  html: 'HTML',
  css: 'CSS',
  json: 'JSON',
  yaml: 'YAML',
  lua: 'Lua',
  scala: 'Scala',
  dart: 'Dart',
};

export function languageName(languageId: string): string {
  return LANGUAGE_NAMES[languageId] ?? languageId;
}

/** Info string for a Markdown fence: short names that models and the highlighter know. */
export function fenceTag(languageId: string): string {
  const tags: Record<string, string> = { typescriptreact: 'tsx', javascriptreact: 'jsx', shellscript: 'sh', csharp: 'cs' };
  return tags[languageId] ?? languageId;
}
