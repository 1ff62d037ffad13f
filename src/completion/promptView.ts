// Show Last Prompt's text: the last completion prompt as the model saw it, laid out by the same template the engines
// use (engine/fimTemplate.ts), special tokens marked ⟦…⟧, and a list saying where each part came from: the file and
// lines, "definition of `foo`", "edited 2 min ago", "copied". Plain text, shown read-only: nothing in it runs.
import { fimFormatByFamily } from '../engine/fimFormats';
import { fimParts, prefixOnlyParts, type FimPart, type SpecialRole } from '../engine/fimTemplate';
import type { FimFormat } from '../engine/fimFormats';
import type { ChunkOrigin } from './contextSources';
import type { PromptRecord } from './promptRecord';

export const NO_PROMPT_YET = 'Pipit has not sent a completion prompt yet in this window. Type in a file and wait for a suggestion, then run Pipit: Show Last Prompt again.';

interface Row {
  label: string;
  start: number;
  end: number;
}

export function renderPromptView(record: PromptRecord | undefined, now: number): string {
  if (!record) return `${NO_PROMPT_YET}\n`;
  const format = fimFormatByFamily(record.family);
  const builtin = record.engine === undefined || record.engine === 'builtin';
  const parts: FimPart[] | undefined = format ? fimParts(record.request, format, format.context, 'psm') : builtin ? prefixOnlyParts(record.request) : undefined;
  const header = [
    'Pipit: the last completion prompt, as the model saw it',
    `File: ${record.relativePath} · engine: ${record.engine ?? 'builtin'} · format: ${format?.displayName ?? (builtin ? 'plain continuation (no fill-in-the-middle tokens)' : 'laid out by the engine itself')} · at ${clockTime(record.at)}`,
    `Prompt tokens: ${record.evaluated} read for this request, ${record.reused} kept from the one before (KV cache).`,
  ];
  if (!parts) return `${header.join('\n')}\n\n${unformatted(record, now)}`;
  let prompt = '';
  const rows: Row[] = [];
  for (const part of parts) {
    const start = lineOf(prompt);
    prompt += 'special' in part ? `⟦${spell(format, part.special)}⟧` : part.text;
    const label = labelOf(part, record, now);
    if (label === undefined) continue;
    const end = lineOf(prompt.endsWith('\n') ? prompt.slice(0, -1) : prompt);
    const last = rows[rows.length - 1];
    if (last && last.label === label) last.end = end;
    else rows.push({ label, start, end });
  }
  const width = String(lineOf(prompt)).length * 2 + 1;
  return [
    ...header,
    'Special tokens are shown as ⟦token⟧. Below the line is the prompt, character for character; the built-in engine may take back its',
    'last token and have the model spell it again (token healing), or trim the indentation at the cursor.',
    '',
    'Where each part comes from (lines of the prompt below):',
    ...rows.map((row) => `  ${`${row.start}-${row.end}`.padEnd(width)}  ${row.label}`),
    '─'.repeat(80),
    prompt,
  ].join('\n');
}

function labelOf(part: FimPart, record: PromptRecord, now: number): string | undefined {
  if (part.extra !== undefined) {
    const chunk = record.request.extra?.[part.extra];
    return chunk ? chunkLabel(chunk.filePath, record.sources[part.extra], now) : undefined;
  }
  if ('special' in part) return undefined;
  const [from, to] = record.lines[part.role === 'context' ? 'prefix' : part.role];
  const lines = from > to ? '' : ` lines ${from + 1}-${to + 1}`;
  switch (part.role) {
    case 'context':
      return part.text.startsWith(record.relativePath) ? 'the current file\'s path' : 'the repository name (the workspace folder\'s)';
    case 'prefix':
      return `${record.relativePath}${lines}: code before the current run of typing`;
    case 'suffix':
      return `${record.relativePath}${lines}: code after the cursor`;
    case 'middle':
      return `${record.relativePath}${lines}: the current run of typing, up to the cursor`;
  }
}

function chunkLabel(filePath: string, origin: ChunkOrigin | undefined, now: number): string {
  if (!origin) return filePath;
  const lines = 'startLine' in origin ? ` lines ${origin.startLine + 1}-${origin.endLine + 1}` : '';
  switch (origin.kind) {
    case 'definition':
      return `${filePath}${lines} · definition of \`${origin.symbol}\``;
    case 'edited':
      return `${filePath}${lines} · edited ${ago(now - origin.at)}`;
    case 'copied':
      return `${filePath} · copied ${ago(now - origin.at)}`;
    case 'visited':
      return `${filePath}${lines} · visited ${ago(now - origin.at)}`;
  }
}

export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** An engine that lays out the prompt itself (Ollama's suffix field, an unknown family): the parts Pipit sent it. */
function unformatted(record: PromptRecord, now: number): string {
  const { request } = record;
  const sections = (request.extra ?? []).map((chunk, index) => [`── ${chunkLabel(chunk.filePath, record.sources[index], now)}`, chunk.text]);
  sections.push([`── ${record.relativePath}: code before the cursor`, `${request.prefix}${request.middle ?? ''}`], [`── ${record.relativePath}: code after the cursor`, request.suffix]);
  return ['The engine laid these parts out in its own template:', ...sections.flat()].join('\n');
}

function spell(format: FimFormat | undefined, role: SpecialRole): string {
  if (!format) return role;
  const { context, tokens } = format;
  switch (role) {
    case 'prefix':
    case 'suffix':
      return tokens[role][0]!;
    case 'middle':
      return tokens.middle?.[0] ?? role;
    case 'repoName':
    case 'fileSep':
      return context.kind === 'repoTokens' ? context[role][0]! : role;
    case 'fileSeparator':
      return context.kind === 'pathLines' ? context.fileSeparator[0]! : role;
  }
}

/** 1-based line of the end of `text` (where the next character goes). */
function lineOf(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function clockTime(at: number): string {
  return new Date(at).toISOString().slice(11, 19) + ' UTC';
}
