// The parts of a fill-in-the-middle prompt, in order, as one format record lays them out: special tokens by role, and
// code as text by role. The built-in engine turns the parts into token ids (promptLayout.ts), clients of servers that
// take a raw prompt turn them into text (external/fimPrompt.ts): one template, so both show a model the same prompt.
//
// Families with a middle token get prefix-suffix-middle, the order all of them were trained on, with the typed run
// after the middle token: `[context] <PRE> prefix <SUF> suffix <MID> middle` (see completion/typingRun.ts). Codestral
// has no middle token and is suffix-first by design: `[SUFFIX] suffix [PREFIX] prefix middle`.
import { commentFileHeader, type ContextFormat, type FimFormat } from './fimFormats';
import type { FimOrder, InfillRequest } from './types';

export type SpecialRole = 'prefix' | 'suffix' | 'middle' | 'repoName' | 'fileSep' | 'fileSeparator';
export type TextRole = 'context' | 'prefix' | 'suffix' | 'middle';

export type FimPart =
  | { special: SpecialRole; extra?: number }
  | {
      text: string;
      role: TextRole;
      /** Index of the extra chunk this part belongs to (parts of one chunk go together when the prompt must shrink). */
      extra?: number;
      /** Encode with SentencePiece's implicit leading space, as the family's reference encoder does for its prefix. */
      leadingSpace: boolean;
    };

export type TemplateRequest = Pick<InfillRequest, 'prefix' | 'middle' | 'suffix' | 'extra' | 'filePath' | 'repoName'>;

/** Repository name when the request has chunks but no name (a file outside any workspace folder). */
const UNNAMED_REPOSITORY = 'project';

export function fimParts(request: TemplateRequest, format: FimFormat, context: ContextFormat, order: FimOrder): FimPart[] {
  const chunks = request.extra ?? [];
  const path = request.filePath;
  const head: FimPart[] = [];
  const inPrefix: FimPart[] = [];
  let prefixHead = '';
  const text = (value: string, role: TextRole, extra?: number): FimPart => ({ text: value, role, leadingSpace: false, ...(extra !== undefined ? { extra } : {}) });

  if (context.kind === 'repoTokens') {
    if (request.repoName || chunks.length > 0) {
      head.push({ special: 'repoName' }, text(`${request.repoName || UNNAMED_REPOSITORY}${context.afterRepoName}`, 'context'));
      chunks.forEach((chunk, index) => head.push({ special: 'fileSep', extra: index }, text(`${chunk.filePath}\n${chunk.text}\n`, 'context', index)));
      if (path) {
        head.push({ special: 'fileSep' });
        if (context.currentPath === 'beforePrefix') head.push(text(`${path}\n`, 'context'));
        // StarCoder2 read `<fim_prefix>filepath\ncode_pre` as one text: the path joins the prefix.
        else prefixHead = `${path}\n`;
      }
    }
  } else if (context.kind === 'pathLines') {
    chunks.forEach((chunk, index) => head.push(text(`${chunk.filePath}\n${chunk.text}\n`, 'context', index), { special: 'fileSeparator', extra: index }));
    if (path) head.push(text(`${path}\n`, 'context'));
  } else if (chunks.length > 0) {
    chunks.forEach((chunk, index) => inPrefix.push(text(`${commentFileHeader(chunk.filePath)}${chunk.text}\n\n`, 'context', index)));
    if (path) inPrefix.push(text(commentFileHeader(path), 'context'));
  }

  const prefix = [...inPrefix, text(prefixHead + request.prefix, 'prefix')];
  const middle = text(request.middle ?? '', 'middle');
  const suffix = text(request.suffix, 'suffix');
  if (format.tokens.middle === undefined) {
    return [...head, { special: 'suffix' }, suffix, { special: 'prefix' }, ...withLeadingSpace(format, [...prefix, middle])];
  }
  if (order === 'spm') {
    // The layout Pipit used before: suffix first, the whole code before the cursor before the middle token. Only the
    // benchmark asks for it, to compare; it is not the SPM variant any family documents.
    return [...head, { special: 'suffix' }, suffix, { special: 'prefix' }, ...withLeadingSpace(format, [...prefix, middle]), { special: 'middle' }];
  }
  return [...head, { special: 'prefix' }, ...withLeadingSpace(format, prefix), { special: 'suffix' }, suffix, { special: 'middle' }, middle];
}

/**
 * The reference encoder tokenizes the code after the prefix token as one text, with SentencePiece's leading space:
 * the first of those parts that has text gets it.
 */
function withLeadingSpace(format: FimFormat, parts: FimPart[]): FimPart[] {
  if (!format.prefixLeadingSpace) return parts;
  const first = parts.findIndex((part) => 'text' in part && part.text !== '');
  return parts.map((part, index) => (index === first ? { ...(part as Extract<FimPart, { text: string }>), leadingSpace: true } : part));
}

/** A model with no FIM tokens continues the code before the cursor: other files as comments, then that code. */
export function prefixOnlyParts(request: TemplateRequest): FimPart[] {
  return fimParts({ ...request, suffix: '' }, PREFIX_ONLY, { kind: 'pathComments' }, 'psm').filter(
    (part) => !('special' in part) && part.role !== 'suffix',
  );
}

const PREFIX_ONLY: FimFormat = {
  family: 'prefix-only',
  displayName: 'continuation',
  source: 'plain left-to-right continuation',
  tokens: { prefix: [], suffix: [], middle: [] },
  trainedOrders: ['psm'],
  stop: [],
  context: { kind: 'pathComments' },
};
