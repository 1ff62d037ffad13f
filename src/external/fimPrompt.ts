// A fill-in-the-middle prompt as text, from Pipit's own format records, for servers that take a raw prompt
// (`/v1/completions`, Ollama with `raw`). The server must parse special-token text in the prompt (llama-server,
// vLLM and Ollama do). Extra chunks go first, with the family's file-separator tokens where it has them.
import { FIM_FORMATS, commentFileHeader, type FimFormat } from '../engine/fimFormats';
import type { InfillRequest } from '../engine/types';

export interface TextFimPrompt {
  prompt: string;
  /** The family's own stop texts plus the request's. */
  stop: string[];
}

export function fimFormatById(family: string): FimFormat | undefined {
  return FIM_FORMATS.find((format) => format.family === family);
}

export const FIM_FAMILIES: readonly string[] = FIM_FORMATS.map((format) => format.family);

export function buildFimPrompt(request: Pick<InfillRequest, 'prefix' | 'suffix' | 'extra' | 'filePath' | 'repoName' | 'stop'>, format: FimFormat): TextFimPrompt {
  const prefixToken = format.tokens.prefix[0]!;
  const suffixToken = format.tokens.suffix[0]!;
  const middleToken = format.tokens.middle?.[0];
  const fileSep = format.repo?.fileSep[0];
  const repoName = format.repo?.repoName?.[0];

  let head = '';
  if (fileSep !== undefined) {
    if (repoName !== undefined && request.repoName) head += `${repoName}${request.repoName}\n`;
    for (const chunk of request.extra ?? []) head += `${fileSep}${chunk.filePath}\n${chunk.text}\n`;
    if (request.filePath && (request.extra?.length ?? 0) > 0) head += `${fileSep}${request.filePath}\n`;
  } else {
    for (const chunk of request.extra ?? []) head += `${commentFileHeader(chunk.filePath)}${chunk.text}\n\n`;
  }
  // Families without a middle token (Codestral) were trained only on suffix-prefix order.
  const body =
    middleToken === undefined
      ? `${suffixToken}${request.suffix}${prefixToken}${request.prefix}`
      : `${prefixToken}${request.prefix}${suffixToken}${request.suffix}${middleToken}`;
  return { prompt: head + body, stop: [...new Set([...format.stop, ...(request.stop ?? [])])] };
}
