// Starts the real engine process (dist/engineWorker.js, built by `node esbuild.mjs`) behind an EngineClient, and
// collects its log so a failing test can show it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineClient, type EngineClientOptions } from '../../../src/engine/EngineClient';
import { forkEngineProcess, lowerProcessPriority } from '../../../src/engine/spawnEngine';
import type { ChatRequest, ChatResult, CompletionResult, InfillRequest } from '../../../src/engine/types';

export const WORKER_PATH = join(__dirname, '..', '..', '..', '..', 'dist', 'engineWorker.js');

export function startEngine(options: EngineClientOptions = {}): { client: EngineClient; log: string[] } {
  if (!existsSync(WORKER_PATH)) throw new Error(`${WORKER_PATH} is missing: run \`node esbuild.mjs --tests\` first`);
  const log: string[] = [];
  const logger = {
    debug: (m: string) => log.push(`debug ${m}`),
    info: (m: string) => log.push(`info ${m}`),
    warn: (m: string) => log.push(`warn ${m}`),
    error: (m: string) => log.push(`error ${m}`),
  };
  const client = new EngineClient({
    workerPath: WORKER_PATH,
    logger,
    spawn: forkEngineProcess,
    setPriority: lowerProcessPriority,
    options,
  });
  return { client, log };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** A JavaScript file of `functions` small functions, the cursor at the end of the last one's `ret`. */
/** Code around a cursor in the anchored layout: the lines above, the typed run on the cursor line, what follows. */
export function codeAroundCursor(functions = 20): { prefix: string; middle: string; suffix: string } {
  const body = Array.from({ length: functions }, (_, i) => `function f${i}(a, b) {\n  return a * ${i} + b;\n}\n`).join('\n');
  return { prefix: `${body}\nfunction mul(a, b) {\n`, middle: '  ret', suffix: '\n}\n\nexport { mul };\n' };
}

/** An Explain Selection request in both shapes (chat messages, and a completion-style prompt for base models). */
export function explainRequest(code = 'const total = items.reduce((sum, item) => sum + item.price, 0);'): ChatRequest {
  return {
    messages: [
      { role: 'system', content: 'You explain code briefly.' },
      { role: 'user', content: `Explain this code:\n\`\`\`js\n${code}\n\`\`\`` },
    ],
    completion: { prompt: `// Code:\n${code}\n// Explanation of the code above:\n//`, stop: ['\n\n'] },
  };
}

export interface KeystrokeDuringChat {
  keystroke: CompletionResult;
  answer: ChatResult;
  /** The completion finished before the chat did. */
  completionFirst: boolean;
  /** Chat tokens generated while the keystroke's completion ran. */
  chatTokensDuring: number;
}

/** Starts a chat, sends a keystroke's completion once the chat streams, and records what ran while it waited. */
export async function keystrokeDuringChat(
  client: EngineClient,
  chat: ChatRequest,
  chatMaxTokens: number,
  keystroke: InfillRequest,
): Promise<KeystrokeDuringChat> {
  const events: string[] = [];
  let chatStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (chatStarted = resolve));
  const answer = client
    .chat(chat, {
      maxTokens: chatMaxTokens,
      onText: () => {
        events.push('chat token');
        if (events.length === 5) chatStarted();
      },
    })
    .then((result) => {
      events.push('chat done');
      return result;
    });
  await started;
  events.push('keystroke');
  const completion = await client.complete(keystroke);
  events.push('completion done');
  const result = await answer;
  const during = events.slice(events.indexOf('keystroke'), events.indexOf('completion done'));
  return {
    keystroke: completion,
    answer: result,
    completionFirst: events.indexOf('completion done') < events.indexOf('chat done'),
    chatTokensDuring: during.filter((event) => event === 'chat token').length,
  };
}
