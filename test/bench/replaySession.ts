// Replays one typing script against one completer in real time: every keystroke changes the buffer and starts a
// request, a newer keystroke aborts the request before it (as VS Code cancels on each edit), and a request counts as
// shown when it returned items before the next keystroke. At a pause the typist waits for what is shown and may
// accept it (Tab) or type through part of it, which is where typed-through reuse and prefetch pay off.
import { EditorBuffer } from './EditorBuffer';
import type { TypingEvent } from './typingScript';
import type { Completer, CompleterReply, ReplyKind, SessionFile } from './types';
import type { ContextChunk } from '../../src/engine/types';

export type Trigger = 'warmup' | 'key' | 'backspace' | 'accept' | 'typeThrough';

export interface RequestSample {
  trigger: Trigger;
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
  /** Keys and backspaces typed (accepts and typed-through keys included). */
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
  const buffer = new EditorBuffer(file.text);
  const samples: RequestSample[] = [];
  const result: SessionResult = { completer: completer.name, file: file.relativePath, keystrokes: 0, accepted: 0, typedThroughKeys: 0, coldMs: 0, samples, cpuMs: 0, wallMs: 0 };
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  let current: Pending | undefined;
  let opened = false;
  completer.openFile(file, extra);

  const issue = (trigger: Trigger): Pending => {
    current?.controller.abort();
    const keyAt = performance.now();
    const controller = new AbortController();
    const pending: Pending = { controller, done: Promise.resolve() };
    pending.done = completer.complete(buffer.snapshot(), { ...buffer.cursor }, file, buffer.version, controller.signal).then(
      (reply) => {
        pending.reply = reply;
        const latencyMs = performance.now() - keyAt;
        const shown = !controller.signal.aborted && reply.items.length > 0;
        if (trigger === 'warmup') result.coldMs = latencyMs;
        else samples.push({ trigger, kind: reply.kind, shown, latencyMs, ...(reply.overheadMs !== undefined ? { overheadMs: reply.overheadMs } : {}), ...(reply.error ? { error: reply.error } : {}) });
      },
      (error: unknown) => {
        samples.push({ trigger, kind: 'error', shown: false, latencyMs: performance.now() - keyAt, error: String(error) });
      },
    );
    current = pending;
    return pending;
  };
  const settle = (capMs: number) => (current ? Promise.race([current.done, sleep(capMs)]) : Promise.resolve());
  const key = (text: string, trigger: Trigger) => {
    buffer.type(text);
    result.keystrokes++;
    issue(trigger);
  };

  for (const event of script) {
    if (event.kind === 'pause') {
      await settle(options.waitCapMs);
      const shown = current && !current.controller.signal.aborted ? current.reply?.items[0] : undefined;
      await sleep(event.ms / options.speed);
      if (!shown) continue;
      if (event.draw < options.acceptShare) {
        buffer.replace(shown.range, shown.insertText);
        result.keystrokes++;
        result.accepted++;
        issue('accept');
      } else if (event.draw < options.acceptShare + options.typeThroughShare) {
        const count = 2 + (Math.floor(event.draw * 1000) % 5);
        for (const char of [...shown.insertText.split('\n')[0]!].slice(0, count)) {
          await sleep(130 / options.speed);
          result.typedThroughKeys++;
          key(char, 'typeThrough');
        }
      }
      continue;
    }
    await sleep(event.delayMs / options.speed);
    if (event.kind === 'jump') {
      // Moving the cursor hides the suggestion; the editor asks again on the next edit.
      current?.controller.abort();
      const line = buffer.findLine(event.line);
      if (line >= 0) buffer.cut({ line, character: event.column }, event.extraLines);
      if (!opened) {
        opened = true;
        completer.setWarmup(true);
        await issue('warmup').done;
        completer.setWarmup(false);
      }
    } else if (event.kind === 'key') {
      key(event.text, 'key');
    } else {
      buffer.backspace();
      result.keystrokes++;
      issue('backspace');
    }
  }
  await settle(options.waitCapMs);
  current?.controller.abort();
  const cpu = process.cpuUsage(cpuStart);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  result.wallMs = performance.now() - wallStart;
  return result;
}
