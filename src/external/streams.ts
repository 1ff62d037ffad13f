// Readers for the two streaming shapes engine servers use: Server-Sent Events (`data: {...}` lines, `[DONE]` at the
// end; llama-server and OpenAI) and NDJSON (one JSON object a line; Ollama). A line that is not JSON is a malformed
// stream, reported as such instead of being skipped.
import { ExternalEngineError } from './ExternalEngineError';

/** The longest line a stream may send; a server that sends more without a newline is not speaking the protocol. */
const MAX_LINE_CHARS = 1024 * 1024;

async function* lines(body: ReadableStream<Uint8Array>, label: string): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    // Only the new text is searched for newlines: a long line arriving in many chunks costs its length, not its square.
    let searchFrom = buffered.length;
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n', searchFrom)) !== -1) {
      yield buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
      searchFrom = 0;
    }
    if (buffered.length > MAX_LINE_CHARS) throw tooLong(label);
  }
  buffered += decoder.decode();
  if (buffered.length > MAX_LINE_CHARS) throw tooLong(label);
  if (buffered.length > 0) yield buffered;
}

function tooLong(label: string): ExternalEngineError {
  return new ExternalEngineError('MALFORMED', `${label} sent a malformed stream (a line longer than ${MAX_LINE_CHARS / 1024 / 1024} MB).`);
}

function parse(line: string, label: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ExternalEngineError('MALFORMED', `${label} sent a malformed stream (a line that is not JSON).`, line.slice(0, 300));
  }
}

/** JSON payloads of an SSE stream; ends at `data: [DONE]` or at the end of the body. */
export async function* readSse(body: ReadableStream<Uint8Array>, label: string): AsyncGenerator<unknown> {
  for await (const line of lines(body, label)) {
    if (!line.startsWith('data:')) {
      // Comments (`: keep-alive`), `event:`/`id:` fields and blank separators carry no payload.
      if (line === '' || line.startsWith(':') || /^(event|id|retry):/.test(line)) continue;
      // llama-server answers an error during a stream with a bare JSON object.
      if (line.startsWith('{')) yield parse(line, label);
      else throw new ExternalEngineError('MALFORMED', `${label} sent a malformed event stream.`, line.slice(0, 300));
      continue;
    }
    const data = line.slice(5).trim();
    if (data === '[DONE]') return;
    if (data !== '') yield parse(data, label);
  }
}

/** Objects of an NDJSON stream. */
export async function* readNdjson(body: ReadableStream<Uint8Array>, label: string): AsyncGenerator<unknown> {
  for await (const line of lines(body, label)) {
    if (line.trim() !== '') yield parse(line, label);
  }
}
