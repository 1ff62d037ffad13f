// The context Ollama is asked for (`num_ctx`). Many Ollama versions default to 2,048 tokens and cut the front of a
// longer prompt without a word, so Pipit sends a context that holds the prompt and the answer. Ollama reloads the
// model when `num_ctx` changes, so the value moves in large steps and never shrinks for one client.
import { estimateTokens } from '../completion/tokens';

/** As the built-in engine: room for an explanation and its follow-ups. */
const MIN_CONTEXT = 4096;
const STEP = 2048;
/** Template tokens Ollama adds around the prompt (FIM markers, chat roles). */
const FRAMING = 256;

export class OllamaContext {
  private tokens = MIN_CONTEXT;

  /** The `num_ctx` for a prompt made of `texts` and an answer of up to `maxTokens`. */
  for(texts: readonly string[], maxTokens: number): number {
    const need = texts.reduce((sum, text) => sum + estimateTokens(text), 0) + maxTokens + FRAMING;
    this.tokens = Math.max(this.tokens, Math.ceil(need / STEP) * STEP);
    return this.tokens;
  }
}
