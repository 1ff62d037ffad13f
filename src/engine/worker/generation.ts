// The steps every request runs on a context sequence, whatever laid out its prompt: keep what the KV cache already
// holds of the prompt, evaluate the rest in small chunks (so cancellation and yielding are prompt too), then generate
// greedily token by token, streaming text and stopping on end tokens, stop sequences, token and time limits.
import { planReuse } from '../kvReuse';
import { StopMatcher } from '../stopMatcher';
import type { StopReason } from '../types';
import type { LlamaContextSequence, LlamaModel, Token, TokenBias } from './llamaCpp';
import { alignToIndentation } from '../promptEnd';
import { remainingAfter } from '../tokenHealing';
import { dropUnusedDrafts, type PromptLookup } from './promptLookup';

/** Waits (or not) before the next decode step; the chat passes one that lets a completion go first. */
export type BeforeStep = () => Promise<void> | void;

/**
 * Trims the cache to the longest part it shares with `prompt` and returns how many prompt tokens it still holds.
 * At least the prompt's last token is always left to evaluate: generation needs its logits.
 */
export async function reuseCache(sequence: LlamaContextSequence, prompt: readonly number[]): Promise<number> {
  const plan = planReuse(sequence.contextTokens as number[], prompt);
  if (plan.erase.length > 0) await sequence.eraseContextTokenRanges(plan.erase);
  if (sameTokens(sequence.contextTokens as number[], prompt, plan.reused)) return plan.reused;
  // The cache did not end up as planned (a model whose cache cannot be cut): start clean rather than be wrong.
  await sequence.clearHistory();
  return 0;
}

export interface PromptOptions {
  /** Tokens per decode step (the first step's, when `stepBudget` sizes the rest and knows no speed yet). */
  chunkTokens: number;
  signal: AbortSignal;
  beforeStep?: BeforeStep;
  /** Sizes each step to take about `ms` at the speed measured so far, so a waiting request never waits long. */
  stepBudget?: {
    ms: number;
    now(): number;
    minTokens: number;
    maxTokens: number;
    /** Prompt speed measured by earlier requests, which sizes the first step too. */
    msPerToken?: number;
  };
  /** Reading stops when `stepBudget.now()` passes this (the request's time limit covers the prompt too). */
  deadline?: number;
}

export interface PromptEvaluation {
  evaluated: number;
  aborted: boolean;
  /** The deadline passed before the whole prompt was read. */
  timedOut: boolean;
  /** Speed of the last step, for the next request's first step. */
  msPerToken?: number;
}

/**
 * Evaluates `prompt[from .. length-1)` in steps, stopping early on abort or at the deadline; what was evaluated stays
 * in the cache, so the next keystroke's request goes on from there.
 */
export async function evaluatePrompt(
  sequence: LlamaContextSequence,
  prompt: readonly number[],
  from: number,
  options: PromptOptions,
): Promise<PromptEvaluation> {
  const budget = options.stepBudget;
  const end = prompt.length - 1;
  let msPerToken = budget?.msPerToken;
  const sized = (tokens: number) => (budget ? Math.max(budget.minTokens, Math.min(budget.maxTokens, tokens)) : tokens);
  let chunk = msPerToken !== undefined && budget ? sized(Math.floor(budget.ms / msPerToken)) : options.chunkTokens;
  let at = from;
  const stop = (): Pick<PromptEvaluation, 'aborted' | 'timedOut'> | undefined => {
    if (options.signal.aborted) return { aborted: true, timedOut: false };
    if (options.deadline !== undefined && budget && budget.now() >= options.deadline) return { aborted: false, timedOut: true };
    return undefined;
  };
  while (at < end) {
    await options.beforeStep?.();
    const stopped = stop();
    if (stopped) return { evaluated: at - from, ...stopped, ...(msPerToken !== undefined ? { msPerToken } : {}) };
    const piece = prompt.slice(at, Math.min(at + chunk, end)) as Token[];
    const stepStarted = budget?.now();
    await sequence.evaluateWithoutGeneratingNewTokens(piece);
    at += piece.length;
    if (budget && stepStarted !== undefined) {
      msPerToken = Math.max(1e-3, (budget.now() - stepStarted) / piece.length);
      chunk = sized(Math.floor(budget.ms / msPerToken));
    }
  }
  await options.beforeStep?.();
  const stopped = stop() ?? { aborted: false, timedOut: false };
  return { evaluated: Math.max(0, end - from), ...stopped, ...(msPerToken !== undefined ? { msPerToken } : {}) };
}

export interface GenerateOptions {
  /** The prompt's last token: evaluated together with sampling the first generated one. */
  lastPromptToken: number;
  /** A few tokens before the answer, so the first token detokenizes as it would in place (leading spaces). */
  detokenizeContext: readonly number[];
  stopTokenIds: Iterable<number>;
  stopTexts: readonly string[];
  maxTokens: number;
  /** Generation ends when `now()` passes this. */
  deadline: number;
  signal: AbortSignal;
  onText(text: string): void;
  now(): number;
  beforeStep?: BeforeStep;
  /**
   * Token healing: the prompt's last token was taken back; the first tokens must spell `text` again (see
   * tokenHealing.ts), and the answer reported starts after it.
   */
  heal?: { text: string; bias(remaining: string): TokenBias };
  /** The indentation trimmed from the prompt's end (promptEnd.ts): the answer is re-aligned after it. */
  align?: string;
  /** Lowers the odds of tokens generated recently (a greedy prose answer otherwise tends to loop). */
  repeatPenalty?: { penalty: number; lastTokens: number };
  /** The sequence's prompt-lookup predictor, when it has one: paused while a healed token is spelled again. */
  lookup?: PromptLookup;
}

export interface Generated {
  text: string;
  stopReason: StopReason;
  generatedTokens: number;
  /** undefined when no token came (aborted before the first). */
  firstTokenAt: number | undefined;
  /** Drafted tokens the model confirmed and refuted (prompt lookup; both 0 without it). */
  drafts: { accepted: number; refuted: number };
}

export async function generate(model: LlamaModel, sequence: LlamaContextSequence, options: GenerateOptions): Promise<Generated> {
  const stopTokens = new Set(options.stopTokenIds);
  const matcher = new StopMatcher(options.stopTexts);
  const generatedTokens: Token[] = [];
  let decoded = '';
  let text = '';
  let generated = 0;
  let firstTokenAt: number | undefined;
  let stopReason: StopReason = 'eos';

  const emit = (piece: string) => {
    if (!piece) return;
    text += piece;
    options.onText(piece);
  };

  const penalty = options.repeatPenalty;
  const heal = options.heal;
  let healing = heal?.text ?? '';
  let raw = '';
  const draftsBefore = sequence.tokenPredictions;
  options.lookup?.pause(healing !== '');
  // Greedy sampling (temperature 0) is node-llama-cpp's default: the most likely token every time. While a healed
  // token is being spelled again, only its candidates are raised (node-llama-cpp asks for the bias at every token).
  const tokens = sequence.evaluate([options.lastPromptToken] as Token[], {
    ...(penalty ? { repeatPenalty: { punishTokens: () => generatedTokens.slice(-penalty.lastTokens), penalty: penalty.penalty } } : {}),
    ...(heal ? { tokenBias: () => heal.bias(healing) } : {}),
  });
  for await (const token of tokens) {
    firstTokenAt ??= options.now();
    generated++;
    if (stopTokens.has(token) || model.isEogToken(token)) {
      stopReason = stopTokens.has(token) && !model.isEogToken(token) ? 'stopSequence' : 'eos';
      break;
    }
    generatedTokens.push(token);
    const full = model.detokenize(generatedTokens, false, options.detokenizeContext as Token[]);
    if (healing) {
      healing = remainingAfter(healing, full);
      options.lookup?.pause(healing !== '');
    }
    // The healed text is already in the editor: the answer starts after it. So does trimmed indentation.
    raw = heal && !healing ? full.slice(heal.text.length) : heal ? '' : full;
    const answer = options.align !== undefined ? alignToIndentation(raw, options.align, false) : raw;
    // An incomplete UTF-8 character decodes as U+FFFD until its last byte arrives: hold it back.
    if (answer !== undefined && !answer.endsWith('\uFFFD')) {
      const step = matcher.push(answer.slice(decoded.length));
      decoded = answer;
      emit(step.emit);
      if (step.stopped) {
        stopReason = 'stopSequence';
        break;
      }
    }
    if (options.signal.aborted) {
      stopReason = 'cancelled';
      break;
    }
    if (generated >= options.maxTokens) {
      stopReason = 'maxTokens';
      break;
    }
    if (options.now() >= options.deadline) {
      stopReason = 'maxTime';
      break;
    }
    if (options.beforeStep) {
      // The next token is decoded only when the loop asks for it, so waiting here holds this sequence between tokens.
      await options.beforeStep();
      if (options.signal.aborted) {
        stopReason = 'cancelled';
        break;
      }
    }
  }
  if (stopReason !== 'stopSequence') {
    // An answer that was only indentation until it ended: its alignment is known now.
    const aligned = options.align !== undefined ? alignToIndentation(raw, options.align, true)! : raw;
    if (aligned.length > decoded.length && !aligned.endsWith('\uFFFD')) {
      const step = matcher.push(aligned.slice(decoded.length));
      emit(step.emit);
      if (step.stopped) stopReason = 'stopSequence';
    }
    if (stopReason !== 'stopSequence') emit(matcher.flush());
  }
  // Drafts confirmed beyond where generation stopped stay loaded in node-llama-cpp: the cache keeps only what was used.
  await dropUnusedDrafts(sequence);
  const draftsAfter = sequence.tokenPredictions;
  const drafts = { accepted: draftsAfter.validated - draftsBefore.validated, refuted: draftsAfter.refuted - draftsBefore.refuted };
  return { text, stopReason, generatedTokens: generated, firstTokenAt, drafts };
}

function sameTokens(actual: readonly number[], prompt: readonly number[], length: number): boolean {
  if (actual.length !== length) return false;
  for (let i = 0; i < length; i++) if (actual[i] !== prompt[i]) return false;
  return true;
}
