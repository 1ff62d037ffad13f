// The peer: llama-server sent what llama.vscode sends on each keystroke (`/infill` with 256 lines of prefix, 64 of
// suffix, the line up to the cursor as `prompt`, extra chunks, `cache_prompt`), with no client-side cache. A newer
// keystroke aborts the HTTP request, as llama.vscode does when VS Code cancels; the server then drops the task.
import type { Position, TextLines } from '../../src/completion/types';
import type { ContextChunk } from '../../src/engine/types';
import { peakRssBytes } from './procStatus';
import type { Completer, CompleterReply, EngineRequestStat, Keystroke, SessionFile } from './types';

export const PEER_PREFIX_LINES = 256;
export const PEER_SUFFIX_LINES = 64;

export interface PeerServer {
  url: string;
  pid: number | undefined;
}

interface InfillTimings {
  prompt_n: number;
  prompt_ms: number;
  cache_n?: number;
  predicted_n: number;
  predicted_ms: number;
}

/** llama.vscode's request body for the cursor at `position` (its `n_prefix`/`n_suffix` defaults: 256/64 lines). */
export function peerRequestBody(document: TextLines, position: Position, extra: ContextChunk[], nPredict: number): Record<string, unknown> {
  const line = document.lineAt(position.line);
  const prefixLines: string[] = [];
  for (let index = Math.max(0, position.line - PEER_PREFIX_LINES); index < position.line; index++) prefixLines.push(document.lineAt(index));
  const suffixLines: string[] = [];
  for (let index = position.line + 1; index < Math.min(document.lineCount, position.line + 1 + PEER_SUFFIX_LINES); index++) {
    suffixLines.push(document.lineAt(index));
  }
  return {
    input_prefix: prefixLines.length > 0 ? `${prefixLines.join('\n')}\n` : '',
    prompt: line.slice(0, position.character),
    input_suffix: `${line.slice(position.character)}\n${suffixLines.join('\n')}${suffixLines.length > 0 ? '\n' : ''}`,
    input_extra: extra.map((chunk) => ({ text: chunk.text, filename: chunk.filePath })),
    n_predict: nPredict,
    // Greedy, as Pipit runs, and ending where the model ends (the scripted proxy ends its answers; a random-weight
    // proxy never does). llama.vscode's own samplers (top_k 40, top_p 0.99, `infill`) are not sent: on random weights
    // the `infill` sampler ends the answer at its first token.
    temperature: 0,
    stream: false,
    cache_prompt: true,
  };
}

export class PeerCompleter implements Completer {
  readonly engineRequests: EngineRequestStat[] = [];
  private extra: ContextChunk[] = [];
  private warmup = false;

  constructor(
    readonly name: string,
    private readonly server: PeerServer,
    private readonly nPredict: number,
  ) {}

  openFile(_file: SessionFile, extra: ContextChunk[]): void {
    this.extra = extra;
  }

  setWarmup(warmup: boolean): void {
    this.warmup = warmup;
  }

  async complete(document: TextLines, position: Position, _file: SessionFile, _version: number, signal: AbortSignal, keystroke?: Keystroke): Promise<CompleterReply> {
    const body = peerRequestBody(document, position, this.extra, this.nPredict);
    const warmup = this.warmup;
    const tag = keystroke ? { keystroke } : {};
    try {
      const response = await fetch(`${this.server.url}/infill`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      if (!response.ok) return { items: [], kind: 'error', error: `HTTP ${response.status}: ${await response.text()}` };
      const answer = (await response.json()) as { content?: string; timings?: InfillTimings };
      const timings = answer.timings;
      if (timings) {
        const perToken = timings.predicted_n > 0 ? timings.predicted_ms / timings.predicted_n : 0;
        this.engineRequests.push({
          background: false,
          warmup,
          cancelled: false,
          evaluated: timings.prompt_n,
          reused: timings.cache_n ?? 0,
          timeToFirstTokenMs: timings.prompt_ms + perToken,
          generatedTokens: timings.predicted_n,
          ...(timings.predicted_n > 1 && timings.predicted_ms > 0 ? { tokensPerSecond: (timings.predicted_n * 1000) / timings.predicted_ms } : {}),
          ...tag,
        });
      }
      if (signal.aborted) return { items: [], kind: 'cancelled' };
      const text = answer.content ?? '';
      // llama.vscode shows nothing for an empty or whitespace-only answer.
      if (text.trim() === '') return { items: [], kind: 'empty' };
      return { items: [{ insertText: text, range: { start: position, end: position } }], kind: 'shown' };
    } catch (error) {
      if (signal.aborted) {
        // The server reports nothing for an aborted request, and may go on evaluating it: its cost is unknown.
        this.engineRequests.push({ background: false, warmup, cancelled: true, evaluated: 0, costUnknown: true, reused: 0, timeToFirstTokenMs: 0, generatedTokens: 0, ...tag });
        return { items: [], kind: 'cancelled' };
      }
      return { items: [], kind: 'error', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Waits until the server's slot is idle (`/slots`); an aborted request may still be finishing there. */
  async idle(): Promise<void> {
    const until = performance.now() + 120_000;
    while (performance.now() < until) {
      try {
        const response = await fetch(`${this.server.url}/slots`);
        if (!response.ok) break;
        const slots = (await response.json()) as Array<{ is_processing?: boolean }>;
        if (!slots.some((slot) => slot.is_processing)) return;
      } catch {
        break;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    await new Promise((done) => setTimeout(done, 500));
  }

  peakRssBytes(): number | undefined {
    return peakRssBytes(this.server.pid);
  }

  async dispose(): Promise<void> {}
}
