// The engine process's side of the protocol. Loads, unloads and completions run one at a time, in arrival order: a
// newer completion supersedes the one running (it stops within a token and answers `cancelled`) and any still
// waiting; loads and unloads also stop the running completion and chat first, since the model under them is about to
// change. A chat runs beside them, one at a time (a newer one stops the one running), and gives way to completions:
// a completion holds the priority gate from the moment it arrives until it is answered.
import { cancelledResult } from '../cancelledResult';
import { serializeError } from '../engineErrors';
import { processResources, type ProcessResources } from '../processResources';
import { isParentMessage, type ChatParams, type ChildMessage, type LoadParams, type RequestMessage } from '../protocol';
import type { ChatResult, CompletionResult, InfillRequest, ModelInfo } from '../types';
import { PriorityGate } from './PriorityGate';

export interface EngineBackend {
  load(params: LoadParams): Promise<ModelInfo>;
  unload(): Promise<void>;
  complete(request: InfillRequest, signal: AbortSignal, onText: (text: string) => void): Promise<CompletionResult>;
  chat(request: ChatParams, signal: AbortSignal, onText: (text: string) => void): Promise<ChatResult>;
}

interface Job {
  id: number;
  controller: AbortController;
  /** Lets chat go on again (completions only). */
  release?: () => void;
}

type ChatMessage = Extract<RequestMessage, { method: 'chat' }>;
type ResourcesMessage = Extract<RequestMessage, { method: 'resources' }>;
type SerialMessage = Exclude<RequestMessage, ChatMessage | ResourcesMessage>;

export class WorkerServer {
  private chain: Promise<void> = Promise.resolve();
  private running: Job | undefined;
  private waiting: Job | undefined;
  private chatJob: Job | undefined;
  private chatDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly backend: EngineBackend,
    private readonly send: (message: ChildMessage) => void,
    /** Shared with the backend, whose chat waits on it between tokens. */
    private readonly priority: PriorityGate = new PriorityGate(),
    /** What the process holds, for the `resources` method (a leak check asks it between requests). */
    private readonly resources: () => ProcessResources = processResources,
  ) {}

  handle(message: unknown): void {
    if (!isParentMessage(message)) {
      this.send({ type: 'log', level: 'warn', message: `engine ignored a malformed message: ${JSON.stringify(message)}` });
      return;
    }
    if (message.type === 'cancel') {
      if (this.running?.id === message.id) this.running.controller.abort();
      if (this.waiting?.id === message.id) this.answerCancelled(this.waiting);
      if (this.chatJob?.id === message.id) this.chatJob.controller.abort();
      return;
    }
    if (message.method === 'resources') this.answerResources(message);
    else if (message.method === 'chat') this.startChat(message);
    else this.enqueue(message);
  }

  /** Resolves once every request received so far has been answered. */
  async idle(): Promise<void> {
    await Promise.all([this.chain, this.chatDone]);
  }

  private enqueue(message: SerialMessage): void {
    if (this.waiting) this.answerCancelled(this.waiting);
    this.running?.controller.abort();
    const job: Job = { id: message.id, controller: new AbortController() };
    // Only the chats that arrived before: a later one waits for this request instead.
    const chatsBefore = this.chatDone;
    if (message.method === 'complete') {
      job.release = this.priority.hold();
      this.waiting = job;
    } else {
      this.chatJob?.controller.abort();
    }
    this.chain = this.chain.then(async () => {
      if (message.method === 'complete') {
        if (this.waiting !== job) return; // answered as cancelled while it waited
        this.waiting = undefined;
      } else {
        await chatsBefore; // the model must not change under a chat
      }
      this.running = job;
      try {
        const result = await this.run(message, job);
        this.send({ type: 'response', id: job.id, ok: true, result });
      } catch (error) {
        this.send({ type: 'response', id: job.id, ok: false, error: serializeError(error) });
      } finally {
        this.running = undefined;
        job.release?.();
      }
    });
  }

  private startChat(message: ChatMessage): void {
    this.chatJob?.controller.abort();
    const job: Job = { id: message.id, controller: new AbortController() };
    this.chatJob = job;
    // After the chat it supersedes, and after loads and completions that arrived before it.
    const after = Promise.all([this.chatDone, this.chain]);
    this.chatDone = after.then(async () => {
      try {
        const result = await this.backend.chat(message.params, job.controller.signal, (text) =>
          this.send({ type: 'text', id: job.id, text }),
        );
        this.send({ type: 'response', id: job.id, ok: true, result });
      } catch (error) {
        this.send({ type: 'response', id: job.id, ok: false, error: serializeError(error) });
      } finally {
        if (this.chatJob === job) this.chatJob = undefined;
      }
    });
  }

  private async run(message: SerialMessage, job: Job): Promise<unknown> {
    switch (message.method) {
      case 'load':
        return this.backend.load(message.params);
      case 'unload':
        await this.backend.unload();
        return null;
      case 'complete':
        return this.backend.complete(message.params, job.controller.signal, (text) =>
          this.send({ type: 'text', id: job.id, text }),
        );
    }
  }

  /** At once, not queued: asking must neither wait for a generation nor stop one. */
  private answerResources(message: ResourcesMessage): void {
    try {
      this.send({ type: 'response', id: message.id, ok: true, result: this.resources() });
    } catch (error) {
      this.send({ type: 'response', id: message.id, ok: false, error: serializeError(error) });
    }
  }

  private answerCancelled(job: Job): void {
    if (this.waiting === job) this.waiting = undefined;
    job.release?.();
    this.send({ type: 'response', id: job.id, ok: true, result: cancelledResult() });
  }
}
