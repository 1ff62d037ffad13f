// What a message from the explain panel's webview does, once it passed `parsePanelMessage`: pure, so that hostile or
// malformed messages can be thrown at it in plain Node. The VS Code side supplies the effects (clipboard, browser).
import type { HostMessage } from './protocol';
import { parsePanelMessage } from './protocol';
import type { ExplainSession } from './ExplainSession';

export interface PanelEffects {
  /** Posts a message to the page (the replay after `ready`). */
  post(message: HostMessage): void;
  /** The page said it is ready: from now on messages are delivered. */
  setReady(): void;
  copy(text: string): void;
  /** Only ever called with an http(s) URL; VS Code asks the user before opening an untrusted domain. */
  openLink(url: string): void;
  /** Runs a turn; failures are logged, never thrown back at the page. */
  run(work: Promise<void>): void;
}

/** Handles one raw message from the page; anything malformed is ignored. Never throws. */
export function handlePanelMessage(raw: unknown, session: ExplainSession | undefined, effects: PanelEffects): void {
  const message = parsePanelMessage(raw);
  if (!message || !session) return;
  switch (message.type) {
    case 'ready':
      effects.setReady();
      for (const replayed of session.replay()) effects.post(replayed);
      return;
    case 'stop':
      session.stop();
      return;
    case 'explainAgain':
      effects.run(session.again());
      return;
    case 'ask':
      effects.run(session.ask(message.question));
      return;
    case 'copy': {
      const answer = session.answerOf(message.turn);
      if (answer !== undefined) effects.copy(answer);
      return;
    }
    case 'openLink':
      effects.openLink(message.url);
      return;
  }
}
