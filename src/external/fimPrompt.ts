// A fill-in-the-middle prompt as text, from Pipit's own format records and the same template as the built-in engine
// (engine/fimTemplate.ts), for servers that take a raw prompt (`/v1/completions`, Ollama with `raw`). The server must
// parse special-token text in the prompt (llama-server, vLLM and Ollama do).
import { FIM_FORMATS, type FimFormat } from '../engine/fimFormats';
import { fimParts, type SpecialRole, type TemplateRequest } from '../engine/fimTemplate';
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

export function buildFimPrompt(request: TemplateRequest & Pick<InfillRequest, 'stop'>, format: FimFormat): TextFimPrompt {
  const prompt = spelledParts(request, format)
    .map((part) => part.text)
    .join('');
  return { prompt, stop: [...new Set([...format.stop, ...(request.stop ?? [])])] };
}

/**
 * What Check Engines sends to learn whether a server reads a family's FIM markers as tokens: a small FIM prompt, the
 * same text without its markers, and how many markers it holds. A marker in the vocabulary costs one token; spelled
 * out as text, `<|fim_prefix|>` costs five or more.
 */
export function fimProbePrompts(format: FimFormat): { prompt: string; plain: string; markers: number } {
  const parts = spelledParts({ prefix: 'def add(a, b):\n    return ', suffix: '\n' }, format);
  return {
    prompt: parts.map((part) => part.text).join(''),
    plain: parts.filter((part) => !part.marker).map((part) => part.text).join(''),
    markers: parts.filter((part) => part.marker && part.text).length,
  };
}

/** Whether the token counts of a probe show the markers read as tokens (one each; a little slack for merges). */
export function markersAreTokens(promptTokens: number, plainTokens: number, markers: number): boolean {
  return promptTokens - plainTokens <= markers * 2;
}

function spelledParts(request: TemplateRequest, format: FimFormat): { text: string; marker: boolean }[] {
  const spelled: Record<SpecialRole, string | undefined> = {
    prefix: format.tokens.prefix[0],
    suffix: format.tokens.suffix[0],
    middle: format.tokens.middle?.[0],
    repoName: format.context.kind === 'repoTokens' ? format.context.repoName[0] : undefined,
    fileSep: format.context.kind === 'repoTokens' ? format.context.fileSep[0] : undefined,
    fileSeparator: format.context.kind === 'pathLines' ? format.context.fileSeparator[0] : undefined,
  };
  // The server tokenizes the text itself, so SentencePiece leading-space rules are its own.
  return fimParts(request, format, format.context, 'psm').map((part) =>
    'special' in part ? { text: spelled[part.special] ?? '', marker: true } : { text: part.text, marker: false },
  );
}
