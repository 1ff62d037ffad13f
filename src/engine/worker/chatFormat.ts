// Turns a chat request into prompt tokens and what ends the answer: through the model's own chat template (read from
// its GGUF, applied by the node-llama-cpp chat wrapper resolved for the model), or, for a model without one, the
// request's plain-text prompt and stop sequences.
import type { ChatMessage, ChatMode, ChatRequest } from '../types';
import type { ChatHistoryItem, LlamaCpp, LlamaModel, LlamaText, LlamaTextJSON } from './llamaCpp';

export interface ChatPrompt {
  mode: ChatMode;
  tokens: number[];
  /** Tokens that end the answer (the template's end-of-turn token); the model's end-of-generation tokens always do. */
  stopTokenIds: number[];
  stopTexts: string[];
}

export interface ChatFormatter {
  /** Which of the request's two shapes `render` uses for this model. */
  mode: ChatMode;
  render(request: ChatRequest): ChatPrompt;
}

export type FormatLog = (level: 'info' | 'warn', message: string) => void;

/** The formatter for `model`: its chat template when the GGUF carries one that node-llama-cpp can apply. */
export function chatFormatterFor(llamaCpp: Pick<LlamaCpp, 'resolveChatWrapper' | 'LlamaText'>, model: LlamaModel, log: FormatLog): ChatFormatter {
  const plain: ChatFormatter = { mode: 'completion-style', render: (request) => completionStylePrompt(model, request) };
  const template = (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer?.chat_template;
  if (typeof template !== 'string' || template.trim() === '') return plain;
  let wrapper: ReturnType<LlamaCpp['resolveChatWrapper']>;
  try {
    // No fallback to a generic wrapper: a template that cannot be applied means the model is prompted as a base model
    // (and says so), not with a format it was never trained on.
    wrapper = llamaCpp.resolveChatWrapper(model, { warningLogs: false, fallbackToOtherWrappersOnJinjaError: false });
  } catch (error) {
    log('warn', `the model's chat template cannot be applied (${error instanceof Error ? error.message : String(error)}); explaining in completion style`);
    return plain;
  }
  log('info', `chat template: ${wrapper.wrapperName}`);
  const render = (request: ChatRequest): ChatPrompt => {
    const state = wrapper.generateContextState({ chatHistory: chatHistory(request.messages) });
    const stops = stopsFromTriggers(
      state.stopGenerationTriggers.map((trigger) => ({ json: trigger.toJSON(), tokens: trigger.tokenize(model.tokenizer) })),
    );
    return { mode: 'chat-template', tokens: templateTokens(llamaCpp, model, state.contextText), ...stops };
  };
  return { mode: 'chat-template', render };
}

/**
 * The rendered template's tokens as the model's own tokenizer makes them: its whole text at once, control tokens
 * included, as llama.cpp and Hugging Face tokenize a chat. node-llama-cpp tokenizes the text between control tokens
 * piece by piece, and a SentencePiece vocabulary (Phi-3, Mistral, LLaMA) then splits words and spaces at those joins
 * differently (text after a control token starts with a space there; some control tokens strip the whitespace beside
 * them). Only when the code or a question spells a control token, so that the whole text would hold control tokens
 * the template did not put there, are the pieces kept: a spelled `<|im_end|>` stays text and cannot end a turn.
 */
function templateTokens(llamaCpp: Pick<LlamaCpp, 'LlamaText'>, model: LlamaModel, text: LlamaText): number[] {
  const pieces = text.tokenize(model.tokenizer) as number[];
  const json = text.toJSON();
  const whole = (typeof json === 'string' ? [json] : json)
    .map((value) => {
      if (typeof value === 'string') return value;
      if (value.type === 'specialTokensText') return value.value;
      // BOS, EOS and the like: their own text, which tokenizes back to them.
      return model.detokenize(llamaCpp.LlamaText.fromJSON([value]).tokenize(model.tokenizer), true);
    })
    .join('');
  const wholeTokens = model.tokenize(whole, true) as number[];
  const controls = (tokens: readonly number[]) => tokens.filter((token) => model.isSpecialToken(token as never)).join(',');
  return controls(wholeTokens) === controls(pieces) ? wholeTokens : pieces;
}

/** The request's plain prompt, as text (a control token spelled in the code stays text), after BOS if the model wants one. */
export function completionStylePrompt(model: LlamaModel, request: ChatRequest): ChatPrompt {
  const text = model.tokenize(request.completion.prompt, false) as number[];
  const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  return {
    mode: 'completion-style',
    tokens: bos !== null ? [bos as number, ...text] : text,
    stopTokenIds: [],
    stopTexts: [...request.completion.stop],
  };
}

/** The messages as node-llama-cpp chat history, ending in an open model turn (the answer to generate). */
export function chatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) =>
    message.role === 'assistant'
      ? { type: 'model', response: [message.content] }
      : message.role === 'system'
        ? { type: 'system', text: message.content }
        : { type: 'user', text: message.content },
  );
  // A last assistant message is the start of the answer: the model continues it.
  if (messages.at(-1)?.role !== 'assistant') history.push({ type: 'model', response: [] });
  return history;
}

/**
 * Splits a chat wrapper's stop triggers into token ids (a trigger that is one special token, like `<|im_end|>`) and
 * texts (plain-text triggers, matched on the decoded answer). A trigger naming a special token that is not one token
 * of this vocabulary cannot occur and is dropped.
 */
export function stopsFromTriggers(triggers: ReadonlyArray<{ json: LlamaTextJSON; tokens: readonly number[] }>): {
  stopTokenIds: number[];
  stopTexts: string[];
} {
  const stopTokenIds = new Set<number>();
  const stopTexts = new Set<string>();
  for (const { json, tokens } of triggers) {
    const values = typeof json === 'string' ? [json] : json;
    const special = values.some((value) => typeof value !== 'string');
    if (special && tokens.length === 1) {
      stopTokenIds.add(tokens[0]!);
      continue;
    }
    if (values.some((value) => typeof value !== 'string' && value.type === 'specialToken')) continue;
    const text = values.map((value) => (typeof value === 'string' ? value : value.value)).join('');
    if (text) stopTexts.add(text);
  }
  return { stopTokenIds: [...stopTokenIds], stopTexts: [...stopTexts] };
}
