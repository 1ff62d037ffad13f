// Messages between the extension host and the explain panel's webview. Plain JSON both ways; what comes back
// from the webview is checked before use (the page renders model output, so treat it as untrusted).
import type { Block } from './markdownTree';
import type { ChatMode } from './types';

export interface TurnStats {
  model: string;
  mode: ChatMode;
  stopReason: string;
  timeToFirstTokenMs: number;
  totalMs: number;
}

export type HostMessage =
  /** A new target: clears the conversation. `subject` says what is explained and why that. */
  | { type: 'reset'; title: string; subject: string; notices: string[] }
  | { type: 'turnStart'; turn: number; question?: string; notices: string[] }
  /** The whole answer so far, parsed (a tree, not HTML: the page builds DOM nodes from it). */
  | { type: 'turnUpdate'; turn: number; blocks: Block[] }
  | { type: 'turnEnd'; turn: number; blocks: Block[]; stats: TurnStats; notices: string[] }
  | { type: 'turnError'; turn: number; message: string };

export type PanelMessage =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'copy'; turn: number }
  | { type: 'explainAgain' }
  | { type: 'ask'; question: string }
  | { type: 'openLink'; url: string };

const MAX_QUESTION_CHARS = 4000;
const MAX_URL_CHARS = 2048;

/** An http(s) link that parses as a URL, anything else is no link at all. */
function webLink(raw: unknown): PanelMessage | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_URL_CHARS || !/^https?:\/\//i.test(raw)) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { type: 'openLink', url: raw } : undefined;
  } catch {
    return undefined;
  }
}

/** The message if it is one the panel may send, else undefined. */
export function parsePanelMessage(raw: unknown): PanelMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'stop':
    case 'explainAgain':
      return { type: message.type };
    case 'copy':
      return Number.isInteger(message.turn) && (message.turn as number) >= 0 ? { type: 'copy', turn: message.turn as number } : undefined;
    case 'ask': {
      const question = typeof message.question === 'string' ? message.question.trim() : '';
      return question && question.length <= MAX_QUESTION_CHARS ? { type: 'ask', question } : undefined;
    }
    case 'openLink':
      return webLink(message.url);
    default:
      return undefined;
  }
}
