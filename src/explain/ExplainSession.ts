// One conversation about one piece of code: runs the engine, streams the answer to the panel as parsed Markdown,
// keeps the short history that follow-up questions need (in memory only), and stops on request.
import type { IDisposable } from '../common/lifecycle';
import { DEFAULT_CHAT_MAX_TOKENS } from '../engine/chatDefaults';
import { buildExplainPrompt, DEFAULT_BUDGET, type Exchange, type PromptBudget } from './buildPrompt';
import { parseMarkdown, type Block } from './markdown';
import type { HostMessage, TurnStats } from './protocol';
import { describeTarget } from './target';
import type { ChatEngine, ExplainTarget, TargetContext } from './types';

export const BASE_MODEL_NOTICE =
  'This model has no chat template, so it was prompted as a base model. Note: a chat model explains better ' +
  '(an instruct model, such as Qwen2.5-Coder-1.5B-Instruct).';

export interface ExplainSessionOptions {
  engine: ChatEngine;
  /** Sends a message to the panel (it may not be visible; messages to a hidden panel are replayed on `ready`). */
  post: (message: HostMessage) => void;
  budget?: PromptBudget;
  /** Most tokens of one answer (pipit.explain.maxTokens), read at each turn so a changed setting counts at once. */
  maxTokens?: () => number;
  /** Least time between two streamed updates of the panel. */
  throttleMs?: number;
  log?: (line: string) => void;
}

interface Turn {
  question?: string;
  answer: string;
  notices: string[];
  /** What the engine left out of the conversation to fit the model's context, when it did. */
  cut?: string;
  stats?: TurnStats;
  error?: string;
  done: boolean;
}

export class ExplainSession implements IDisposable {
  private target?: ExplainTarget;
  private context?: TargetContext;
  private turns: Turn[] = [];
  private controller?: AbortController;
  private running: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(private readonly options: ExplainSessionOptions) {}

  get busy(): boolean {
    return this.controller !== undefined;
  }

  /** Explains a new target, replacing the conversation. Resolves when the answer is complete or stopped. */
  async explain(target: ExplainTarget, context: TargetContext): Promise<void> {
    this.target = target;
    this.context = context;
    await this.restart();
  }

  /** Explains the same target again from scratch. */
  async again(): Promise<void> {
    if (this.target) await this.restart();
  }

  /** Asks a follow-up question about the same code, with the conversation so far. */
  async ask(question: string): Promise<void> {
    if (!this.target || !this.context) return;
    await this.settle();
    const history: Exchange[] = this.turns
      .filter((turn) => turn.done && !turn.error && turn.answer.trim() !== '')
      .map((turn) => (turn.question === undefined ? { answer: turn.answer } : { question: turn.question, answer: turn.answer }));
    await this.run(question, history);
  }

  stop(): void {
    this.controller?.abort();
  }

  /** The Markdown of one answer, for Copy. */
  answerOf(turn: number): string | undefined {
    return this.turns[turn]?.answer;
  }

  /** Everything the panel shows, as the messages that build it: for a panel that was reloaded. */
  replay(): HostMessage[] {
    if (!this.target) return [];
    const messages: HostMessage[] = [this.resetMessage()];
    this.turns.forEach((turn, index) => {
      const start: HostMessage = { type: 'turnStart', turn: index, notices: index === 0 ? turn.notices : [] };
      if (turn.question !== undefined) start.question = turn.question;
      messages.push(start);
      const blocks = this.blocks(turn.answer);
      if (turn.error) messages.push({ type: 'turnError', turn: index, message: turn.error });
      else if (turn.stats) messages.push({ type: 'turnEnd', turn: index, blocks, stats: turn.stats, notices: this.endNotices(turn) });
      else messages.push({ type: 'turnUpdate', turn: index, blocks });
    });
    return messages;
  }

  dispose(): void {
    this.generation++;
    this.controller?.abort();
  }

  /** An answer as the panel's tree; fences that name no language are read as the language of the code explained. */
  private blocks(answer: string): Block[] {
    return parseMarkdown(answer, this.target ? { defaultLanguage: this.target.languageId } : {});
  }

  private resetMessage(): HostMessage {
    const target = this.target!;
    return { type: 'reset', title: `Explain: ${target.name ?? target.filePath.split('/').pop()}`, subject: `Explaining ${describeTarget(target)}.`, notices: [] };
  }

  private async restart(): Promise<void> {
    await this.settle();
    this.turns = [];
    this.options.post(this.resetMessage());
    await this.run(undefined, []);
  }

  /** Stops the running answer and waits until the engine has let go of it. */
  private async settle(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  private run(question: string | undefined, history: Exchange[]): Promise<void> {
    const built = buildExplainPrompt(this.target!, this.context!, {
      history,
      ...(question === undefined ? {} : { question }),
      budget: this.options.budget ?? DEFAULT_BUDGET,
    });
    const turn: Turn = { answer: '', notices: built.notices, done: false };
    if (question !== undefined) turn.question = question;
    const index = this.turns.push(turn) - 1;
    const start: HostMessage = { type: 'turnStart', turn: index, notices: built.notices };
    if (question !== undefined) start.question = question;
    this.options.post(start);

    const generation = ++this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const current = () => generation === this.generation;
    const throttleMs = this.options.throttleMs ?? 50;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (current()) this.options.post({ type: 'turnUpdate', turn: index, blocks: this.blocks(turn.answer) });
    };

    const work = async () => {
      try {
        const result = await this.options.engine.chat(built.request, {
          signal: controller.signal,
          maxTokens: this.options.maxTokens?.() ?? DEFAULT_CHAT_MAX_TOKENS,
          onText: (text) => {
            turn.answer += text;
            if (current() && timer === undefined) timer = setTimeout(flush, throttleMs);
          },
        });
        if (result.text.length >= turn.answer.length) turn.answer = result.text;
        const cut = result.shortened && built.cutNotices[result.shortened.shorter - 1];
        if (cut) turn.cut = cut.replace('{contextSize}', String(result.shortened!.contextSize));
        turn.stats = {
          model: result.model,
          mode: result.mode,
          stopReason: controller.signal.aborted ? 'cancelled' : result.stopReason,
          timeToFirstTokenMs: result.timeToFirstTokenMs,
          totalMs: result.totalMs,
        };
        if (current()) {
          this.options.post({ type: 'turnEnd', turn: index, blocks: this.blocks(turn.answer), stats: turn.stats, notices: this.endNotices(turn) });
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.options.log?.(`explain: the engine failed: ${message}`);
        turn.error = controller.signal.aborted
          ? 'Stopped.'
          : `The model could not answer: ${message}. Check that a model is set in pipit.modelPath and see Pipit: Show Log.`;
        if (current()) this.options.post({ type: 'turnError', turn: index, message: turn.error });
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        turn.done = true;
        if (this.controller === controller) this.controller = undefined;
      }
    };
    this.running = work();
    return this.running;
  }

  private endNotices(turn: Turn): string[] {
    const notices: string[] = turn.cut ? [turn.cut] : [];
    if (turn.stats?.mode === 'completion-style') notices.push(BASE_MODEL_NOTICE);
    if (turn.stats?.stopReason === 'cancelled') notices.push('Stopped: the answer is incomplete.');
    else if (turn.stats?.stopReason === 'maxTokens') notices.push('The answer reached its length limit and was cut off: raise pipit.explain.maxTokens for longer answers.');
    if (turn.stats && turn.answer.trim() === '' && turn.stats.stopReason !== 'cancelled') {
      notices.push('The model returned an empty answer. Try Explain again, or a chat (instruct) model.');
    }
    return notices;
  }
}
