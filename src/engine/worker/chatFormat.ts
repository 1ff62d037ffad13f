// Turns a chat request into prompt tokens and what ends the answer: through the model's own chat template (read from
// its GGUF, applied by the node-llama-cpp chat wrapper resolved for the model), or, for a model without one, the
// request's plain-text prompt and stop sequences.
import type { ChatMessage, ChatMode, ChatRequest } from '../types';
import type { ChatHistoryItem, LlamaCpp, LlamaModel, LlamaTextJSON } from './llamaCpp';

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
export function chatFormatterFor(llamaCpp: Pick<LlamaCpp, 'resolveChatWrapper'>, model: LlamaModel, log: FormatLog): ChatFormatter {
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
    return { mode: 'chat-template', tokens: state.contextText.tokenize(model.tokenizer), ...stops };
  };
  return { mode: 'chat-template', render };
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
