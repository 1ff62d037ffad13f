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
  const spelled: Record<SpecialRole, string | undefined> = {
    prefix: format.tokens.prefix[0],
    suffix: format.tokens.suffix[0],
    middle: format.tokens.middle?.[0],
    repoName: format.context.kind === 'repoTokens' ? format.context.repoName[0] : undefined,
    fileSep: format.context.kind === 'repoTokens' ? format.context.fileSep[0] : undefined,
    fileSeparator: format.context.kind === 'pathLines' ? format.context.fileSeparator[0] : undefined,
  };
  // The server tokenizes the text itself, so SentencePiece leading-space rules are its own.
  const prompt = fimParts(request, format, format.context, 'psm')
    .map((part) => ('special' in part ? spelled[part.special] ?? '' : part.text))
    .join('');
  return { prompt, stop: [...new Set([...format.stop, ...(request.stop ?? [])])] };
}
