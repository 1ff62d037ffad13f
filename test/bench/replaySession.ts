// Replays one typing script against one completer in real time: every keystroke changes the buffer and starts a
// request, a newer keystroke aborts the request before it (as VS Code cancels on each edit), and a request counts as
// shown when it returned items before the next keystroke. At a pause the typist waits for what is shown and may
// accept it (Tab) or type through part of it, which is where typed-through reuse and prefetch pay off. The editor
// behaves like VS Code's (auto-closed brackets and quotes, auto-indentation), and arrow keys move the cursor without
// asking for a suggestion.
import { EditorBuffer } from './EditorBuffer';
import { KeystrokeClassifier } from './KeystrokeClassifier';
import { applyEvent, type TypingEvent } from './typingScript';
import type { Completer, CompleterReply, Keystroke, KeystrokeClass, ReplyKind, SessionFile } from './types';
import type { ContextChunk } from '../../src/engine/types';

export type Trigger = 'warmup' | 'key' | 'enter' | 'backspace' | 'delete' | 'accept' | 'typeThrough';

export interface RequestSample {
  trigger: Trigger;
  keystroke?: KeystrokeClass;
  kind: ReplyKind;
  /** Items came back before the next keystroke. */
  shown: boolean;
  /** From the keystroke to the reply. */
  latencyMs: number;
  overheadMs?: number;
  error?: string;
}

export interface SessionResult {
  completer: string;
  file: string;
  /** Tokens generated at most per request in this session. */
  maxTokens?: number;
  /** Edits made: keys, Enter, Backspace, Delete, accepts and typed-through keys (arrow keys are not counted). */
  keystrokes: number;
  accepted: number;
  typedThroughKeys: number;
  /** The session's first request on a cold cache (the file just opened), in ms; not part of the typing samples. */
  coldMs: number;
  samples: RequestSample[];
  /** CPU time of this process (the extension side) while the session ran. */
  cpuMs: number;
  wallMs: number;
}

export interface ReplayOptions {
  /** Divides every delay and pause (the smoke test types faster than a person). */
  speed: number;
  /** Longest wait for a suggestion at a pause. */
  waitCapMs: number;
  /** Share of pauses with a suggestion shown that end in accepting it, and in typing through part of it. */
  acceptShare: number;
  typeThroughShare: number;
}

export const DEFAULT_REPLAY: ReplayOptions = { speed: 1, waitCapMs: 30_000, acceptShare: 0.25, typeThroughShare: 0.25 };

interface Pending {
  controller: AbortController;
  done: Promise<void>;
  reply?: CompleterReply;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function replaySession(
  completer: Completer,
  file: SessionFile,
  script: TypingEvent[],
  extra: ContextChunk[],
  options: ReplayOptions = DEFAULT_REPLAY,
): Promise<SessionResult> {
  const buffer = new EditorBuffer(file.text, file.languageId);
  const samples: RequestSample[] = [];
  const result: SessionResult = { completer: completer.name, file: file.relativePath, keystrokes: 0, accepted: 0, typedThroughKeys: 0, coldMs: 0, samples, cpuMs: 0, wallMs: 0 };
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const classifier = new KeystrokeClassifier();
  let current: Pending | undefined;
  let opened = false;
  completer.openFile(file, extra);

  const issue = (trigger: Trigger, keystroke?: Keystroke): Pending => {
    current?.controller.abort();
    const keyAt = performance.now();
    const controller = new AbortController();
    const pending: Pending = { controller, done: Promise.resolve() };
    const tag = keystroke ? { keystroke: keystroke.class } : {};
    pending.done = completer.complete(buffer.snapshot(), { ...buffer.cursor }, file, buffer.version, controller.signal, keystroke).then(
      (reply) => {
        pending.reply = reply;
        const latencyMs = performance.now() - keyAt;
        const shown = !controller.signal.aborted && reply.items.length > 0;
        if (trigger === 'warmup') result.coldMs = latencyMs;
        else samples.push({ trigger, ...tag, kind: reply.kind, shown, latencyMs, ...(reply.overheadMs !== undefined ? { overheadMs: reply.overheadMs } : {}), ...(reply.error ? { error: reply.error } : {}) });
      },
      (error: unknown) => {
        samples.push({ trigger, ...tag, kind: 'error', shown: false, latencyMs: performance.now() - keyAt, error: String(error) });
      },
    );
    current = pending;
    return pending;
  };
  /** Waits for the current request, `capMs` at most (the timer is cleared, so it keeps no process alive). */
  const settle = async (capMs: number) => {
    if (!current) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([current.done, new Promise<void>((done) => (timer = setTimeout(done, capMs)))]);
    clearTimeout(timer);
  };
  /** An edit was made: VS Code asks for a suggestion and cancels the request before. */
  const edited = (trigger: Trigger, kind: 'type' | 'enter' | 'other') => {
    result.keystrokes++;
    issue(trigger, { id: nextKeystrokeId++, class: classifier.next(kind) });
  };

  for (const event of script) {
    if (event.kind === 'pause') {
      await settle(options.waitCapMs);
      const shown = current && !current.controller.signal.aborted ? current.reply?.items[0] : undefined;
      await sleep(event.ms / options.speed);
      if (!shown) continue;
      if (event.draw < options.acceptShare) {
        buffer.replace(shown.range, shown.insertText);
        result.accepted++;
        edited('accept', 'other');
      } else if (event.draw < options.acceptShare + options.typeThroughShare) {
        const count = 2 + (Math.floor(event.draw * 1000) % 5);
        for (const char of [...shown.insertText.split('\n')[0]!].slice(0, count)) {
          await sleep(130 / options.speed);
          result.typedThroughKeys++;
          buffer.typeChar(char);
          edited('typeThrough', 'type');
        }
      }
      continue;
    }
    // A jump's delay is the look at the new place before the first key there; every other event's comes before it.
    if (event.kind !== 'jump') await sleep(event.delayMs / options.speed);
    const line = buffer.cursor.line;
    const effect = applyEvent(buffer, event);
    if (effect === 'move') {
      // Moving the cursor hides the suggestion; the editor asks again on the next edit.
      current?.controller.abort();
      if (event.kind === 'jump' || buffer.cursor.line !== line) classifier.cursorMoved();
      if (event.kind === 'jump' && !opened) {
        opened = true;
        completer.setWarmup(true);
        await issue('warmup').done;
        completer.setWarmup(false);
      } else if (event.kind === 'jump') {
        completer.rest?.(buffer.snapshot(), { ...buffer.cursor }, file, buffer.version);
        await sleep(event.delayMs / options.speed);
      }
    } else if (event.kind === 'enter') {
      edited('enter', 'enter');
    } else if (event.kind === 'backspace') {
      edited('backspace', 'type');
    } else if (event.kind === 'deleteRight') {
      edited('delete', 'other');
    } else {
      edited('key', 'type');
    }
  }
  await settle(options.waitCapMs);
  current?.controller.abort();
  const cpu = process.cpuUsage(cpuStart);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  result.wallMs = performance.now() - wallStart;
  return result;
}

let nextKeystrokeId = 1;
