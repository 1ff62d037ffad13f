// Builds both prompt shapes (chat messages, completion text) for an explanation and its follow-up questions,
// with the code cut to a budget and a notice, for the model and for the user, when it was cut.
import { EXPLAIN_FORMAT, fenceTag, languageName, type ExplainPromptFormat } from './promptFormat';
import type { ChatMessage, ChatRequest, ExplainTarget, TargetContext } from './types';

export interface PromptBudget {
  /** Characters of code sent (about 3.5 characters a token for code). */
  maxCodeChars: number;
  /** Characters of context (signatures, imports). */
  maxContextChars: number;
  /** Characters kept of each earlier answer in a follow-up. */
  maxAnswerChars: number;
  /** Follow-up exchanges kept; older ones are dropped (the code itself always stays). */
  maxFollowUps: number;
}

export const DEFAULT_BUDGET: PromptBudget = {
  maxCodeChars: 6000,
  maxContextChars: 1500,
  maxAnswerChars: 2500,
  maxFollowUps: 4,
};

/** An earlier exchange: the first has no question (it was "explain this"). */
export interface Exchange {
  question?: string;
  answer: string;
}

export interface BuiltPrompt {
  request: ChatRequest;
  /** Said to the user in the panel: what was left out. Empty when everything fit. */
  notices: string[];
  /**
   * For each of `request.shorter`: what it leaves out, said in the panel when the engine answers it instead
   * (`{contextSize}` stands for the model's context, in tokens).
   */
  cutNotices: string[];
}

export interface CutCode {
  text: string;
  omittedLines: number;
  /** 0-based line numbers (within the code) of the first and last line left out. */
  omitted?: { from: number; to: number };
}

/** Keeps whole lines from the start (two thirds) and the end (one third): signatures and returns both matter. */
export function cutToBudget(code: string, maxChars: number): CutCode {
  if (code.length <= maxChars) return { text: code, omittedLines: 0 };
  const lines = code.split('\n');
  const headBudget = Math.floor((maxChars * 2) / 3);
  const head: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > headBudget) break;
    head.push(line);
    used += line.length + 1;
  }
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= head.length; i--) {
    const line = lines[i]!;
    if (used + line.length + 1 > maxChars) break;
    tail.unshift(line);
    used += line.length + 1;
  }
  if (head.length === 0 && tail.length === 0) {
    // One enormous line (minified code): cut inside it.
    return { text: `${code.slice(0, maxChars)} …`, omittedLines: 1, omitted: { from: 0, to: 0 } };
  }
  const from = head.length;
  const to = lines.length - tail.length - 1;
  const omittedLines = to - from + 1;
  const marker = `… (${omittedLines} line${omittedLines === 1 ? '' : 's'} left out here) …`;
  return { text: [...head, marker, ...tail].join('\n'), omittedLines, omitted: { from, to } };
}

function fenceFor(code: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(longest + 1);
}

function whatIsIt(target: ExplainTarget): string {
  const language = languageName(target.languageId);
  switch (target.kind) {
    case 'function':
      return target.name ? `${language} function \`${target.name}\`` : `${language} function`;
    case 'line':
      return `line of ${language} code`;
    case 'selection':
      return `${language} code`;
  }
}

function capLines(lines: string[], maxChars: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > maxChars) break;
    kept.push(line);
    used += line.length + 1;
  }
  return kept;
}

function codeSection(target: ExplainTarget, context: TargetContext, budget: PromptBudget): { text: string; notices: string[] } {
  const notices: string[] = [];
  const cut = cutToBudget(target.code, budget.maxCodeChars);
  const first = target.range.startLine + 1;
  const lastLine = first + target.code.split('\n').length - 1;
  const where = first === lastLine ? `line ${first}` : `lines ${first}-${lastLine}`;
  const parts = [`File: ${target.filePath} (${where})`];
  const enclosing = capLines(context.enclosing, Math.floor(budget.maxContextChars / 3));
  if (enclosing.length) parts.push(`Inside: ${enclosing.join(' › ')}`);
  const imports = capLines(context.imports, budget.maxContextChars - enclosing.join('').length);
  if (imports.length) {
    const fence = fenceFor(imports.join('\n'));
    parts.push(`Imports it uses:\n${fence}${fenceTag(target.languageId)}\n${imports.join('\n')}\n${fence}`);
  }
  if (imports.length < context.imports.length) {
    notices.push(`${context.imports.length - imports.length} of the imports it uses were left out to fit the prompt budget.`);
  }
  const fence = fenceFor(cut.text);
  parts.push(`Code:\n${fence}${fenceTag(target.languageId)}\n${cut.text}\n${fence}`);
  if (cut.omitted) {
    const total = target.code.split('\n').length;
    const notice =
      total === 1
        ? `The line is too long for the prompt budget: only its first ${budget.maxCodeChars} characters were sent to the model.`
        : `The code is too long for the prompt budget: ${cut.omittedLines} of its ${total} lines ` +
          `(lines ${first + cut.omitted.from}-${first + cut.omitted.to}) were left out, so the explanation may miss what they do.`;
    notices.push(notice);
    parts.push(`Note: ${notice}`);
  }
  return { text: parts.join('\n\n'), notices };
}

/**
 * The request for an explanation (no `history`, no `question`) or for a follow-up question about the same code.
 * Only the last `maxFollowUps` exchanges are kept; the first explanation and the code always are. The request also
 * carries its shorter versions, each without one more of the oldest exchanges kept, for an engine whose context the
 * whole conversation does not fit (in its own tokens); `cutNotices` says what each one leaves out.
 */
export function buildExplainPrompt(
  target: ExplainTarget,
  context: TargetContext,
  options: { history?: Exchange[]; question?: string; budget?: PromptBudget; format?: ExplainPromptFormat } = {},
): BuiltPrompt {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const format = options.format ?? EXPLAIN_FORMAT;
  const section = codeSection(target, context, budget);
  const history = options.history ?? [];
  const kept = history.length > 1 ? [history[0]!, ...history.slice(1).slice(-budget.maxFollowUps)] : history;
  const render = (exchanges: Exchange[]) => renderRequest(whatIsIt(target), section.text, exchanges, options.question, budget, format);
  const notices = [...section.notices];
  if (history.length > kept.length) notices.push(`Older questions were dropped from the conversation to keep the prompt short.`);
  const shorter = kept.map((_, dropped) => render(kept.slice(dropped + 1)));
  return {
    request: { ...render(kept), ...(shorter.length ? { shorter } : {}) },
    notices,
    cutNotices: kept.map((_, dropped) => cutNotice(kept.slice(0, dropped + 1))),
  };
}

/** Both shapes of the request for the code, the exchanges kept and the question. */
function renderRequest(
  what: string,
  code: string,
  exchanges: Exchange[],
  question: string | undefined,
  budget: PromptBudget,
  format: ExplainPromptFormat,
): ChatRequest {
  const clip = (answer: string) =>
    answer.length > budget.maxAnswerChars ? `${answer.slice(0, budget.maxAnswerChars)} …` : answer;
  const messages: ChatMessage[] = [
    { role: 'system', content: format.system },
    { role: 'user', content: `${format.ask.replace('{what}', what)}\n\n${code}` },
  ];
  for (const exchange of exchanges) {
    if (exchange.question !== undefined) messages.push({ role: 'user', content: exchange.question });
    messages.push({ role: 'assistant', content: clip(exchange.answer) });
  }
  if (question !== undefined) messages.push({ role: 'user', content: question });

  const text = [format.completionIntro.replace('{what}', `a piece of ${what}`), '', code, ''];
  for (const exchange of exchanges) {
    if (exchange.question === undefined) text.push(format.completionAnswer, clip(exchange.answer), '');
    else text.push(`${format.completionQuestion} ${exchange.question}`, `${format.completionFollowUpAnswer} ${clip(exchange.answer)}`, '');
  }
  if (question !== undefined) text.push(`${format.completionQuestion} ${question}`, `${format.completionFollowUpAnswer}`);
  else if (exchanges.length === 0) text.push(format.completionAnswer);
  return { messages, completion: { prompt: `${text.join('\n').replace(/\n+$/, '')}\n`, stop: format.completionStop } };
}

/** Says, for the panel, which earlier exchanges the model was not sent. */
function cutNotice(dropped: Exchange[]): string {
  const names = dropped.map((exchange) => (exchange.question === undefined ? 'the first explanation' : `“${shorten(exchange.question)}” and its answer`));
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return (
    `The conversation no longer fits the model's context of {contextSize} tokens beside an answer, so the model was not ` +
    `sent its ${dropped.length === 1 ? 'oldest exchange' : `${dropped.length} oldest exchanges`}: ${list}. The code is always sent.`
  );
}

function shorten(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
