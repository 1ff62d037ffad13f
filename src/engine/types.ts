// What the completion pipeline asks of an engine, whichever engine runs (built-in node-llama-cpp worker today,
// external servers later). Plain data only: it crosses a process boundary.

/** A chunk of code from another file, offered to the model as repository-level context. */
export interface ContextChunk {
  /** Workspace-relative path, as the model should see it. */
  filePath: string;
  text: string;
}

export interface InfillRequest {
  /**
   * Code before the cursor (already cut to its budget), up to where `middle` starts. The code before the cursor is
   * `prefix + (middle ?? '')`.
   */
  prefix: string;
  /**
   * The typed run: from the start of the line where the user's current run of typing began up to the cursor. Engines
   * that lay out prompts themselves put it after the middle token (`<PRE>prefix<SUF>suffix<MID>middle`), so that
   * typing only appends to the prompt; others send `prefix + middle` as the code before the cursor.
   */
  middle?: string;
  /** Code after the cursor (already cut to its budget). */
  suffix: string;
  /** Chunks from other files; placed early in the prompt so the KV cache keeps them across keystrokes. */
  extra?: ContextChunk[];
  /** Workspace-relative path of the current file, for families that take it. */
  filePath?: string;
  /** 0: only read the prompt into the engine's cache (the cursor rests at a new place); nothing is generated. */
  maxTokens: number;
  /** Generation stops after this long and returns what it has. */
  maxTimeMs: number;
  /** Extra stop sequences on top of the model family's own. */
  stop?: string[];
  /** Repository name, for families with a repo-name token (Qwen2.5-Coder, StarCoder2). */
  repoName?: string;
  /**
   * Sampling for engines that sample (external servers read them; absent: greedy). The pipeline sends none: the
   * built-in engine decodes greedily, so a sampled alternative from it would only repeat the first answer.
   */
  temperature?: number;
  seed?: number;
}

/**
 * Why generation ended. `maxTokens` and `maxTime` cut the answer wherever it was (its last line may be broken);
 * `promptTimeout`: the time ran out while the prompt was still being read, so nothing was generated.
 */
export type StopReason = 'eos' | 'stopSequence' | 'maxTokens' | 'maxTime' | 'promptTimeout' | 'cancelled';

export interface PromptStats {
  /** Prompt tokens the engine had to evaluate for this request. */
  evaluated: number;
  /** Prompt tokens whose KV cache entries were kept from the previous request. */
  reused: number;
}

export interface CompletionResult {
  text: string;
  stopReason: StopReason;
  prompt: PromptStats;
  generatedTokens: number;
  timeToFirstTokenMs: number;
  totalMs: number;
  /**
   * The FIM format family whose special tokens the engine used (`qwen2.5-coder`...), when it knows: only that
   * family's token texts are treated as leaked control tokens in the answer.
   */
  family?: string;
  /** Prompt-lookup drafts the model confirmed and refuted (absent from engines that draft nothing). */
  drafts?: { accepted: number; refuted: number };
}

export interface CompletionOptions {
  signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onText?: (text: string) => void;
}

export interface CompletionEngine {
  complete(request: InfillRequest, options?: CompletionOptions): Promise<CompletionResult>;
}

// ---- Chat ("Explain Selection"): src/explain/types.ts builds on these shapes.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** How the engine ran the request: through the model's own chat template, or as plain text continuation. */
export type ChatMode = 'chat-template' | 'completion-style';

/** Both shapes of one request: the engine runs `messages` if the model has a chat template, else `completion`. */
export interface ChatRequest {
  messages: ChatMessage[];
  completion: {
    prompt: string;
    /** Text that ends the answer of a base model, which has no end-of-turn token to stop at. */
    stop: string[];
  };
  /**
   * The same request with its earlier exchanges left out one at a time, oldest first. When the request's prompt, in
   * tokens of the loaded model, leaves its context too little room for the answer, the built-in engine answers the
   * first of these that leaves enough (ChatResult.shortened says which).
   */
  shorter?: Omit<ChatRequest, 'shorter'>[];
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** Called with each piece of text as it is generated. */
  onText?: (text: string) => void;
  /** Default 512. */
  maxTokens?: number;
  /** Default two minutes. */
  maxTimeMs?: number;
}

export interface ChatResult {
  text: string;
  stopReason: StopReason;
  timeToFirstTokenMs: number;
  totalMs: number;
  /** The model's file name. */
  model: string;
  mode: ChatMode;
  prompt: PromptStats;
  generatedTokens: number;
  /** Set when the request's prompt did not fit beside the answer: `shorter` is the 1-based index in `request.shorter` answered instead. */
  shortened?: { shorter: number; contextSize: number };
}

export interface ChatEngine {
  /** Resolves with what was generated, also when `signal` aborts it (stopReason 'cancelled'); rejects on failure. */
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>;
}

// ---- Model loading and engine state (the built-in engine's side; plain data, crosses the process boundary) ----

/**
 * Prompt order. `psm`: prefix-suffix-middle with the typed run after the middle token (see InfillRequest.middle), the
 * order every family with a middle token was trained on, and the default. `spm`: suffix-prefix-middle, only for a
 * family trained on it (Codestral has no middle token and is always suffix-first); the benchmark also runs it to
 * compare with the layout Pipit used before.
 */
export type FimOrder = 'spm' | 'psm';

/** How completions are produced: true fill-in-the-middle, or only continuing the prefix (model has no FIM tokens). */
export type InfillMode = 'fim' | 'prefixOnly';

export interface LoadRequest {
  modelPath: string;
  /** `auto` uses a GPU when the machine has one. */
  gpu?: 'auto' | 'off';
  /** Layers to put on the GPU; absent: as many as fit in free VRAM. */
  gpuLayers?: number;
  /** CPU threads; 0 or absent picks `defaultThreads()`. */
  threads?: number;
  /** Context window in tokens (capped at the model's training context). */
  contextSize?: number;
  order?: FimOrder;
  /**
   * A separate chat (instruct) model for Explain Selection, loaded beside `modelPath` in the same engine process. If it
   * cannot be used, chat falls back to `modelPath` and the load result's notices say why.
   */
  chatModelPath?: string;
  /**
   * Prompt-lookup decoding on the completion sequence (drafts copied from the prompt, checked in one batched step;
   * the answer is the same). Off unless true: see docs/performance.md for why it is not the default.
   */
  promptLookup?: boolean;
  /** Memory this model may use, instead of what the system reports free (tests simulate a small machine with it). */
  memory?: { ramBytes?: number; vramBytes?: number };
}

export interface ModelInfo {
  modelPath: string;
  architecture: string;
  /** Format family picked from the model's own vocabulary, e.g. `qwen2.5-coder`; undefined in prefix-only mode. */
  fimFamily?: string;
  mode: InfillMode;
  order: FimOrder;
  contextSize: number;
  threads: number;
  gpu: string | false;
  /** Where the model runs, and why not on a GPU when it does not (absent from engines that do not say). */
  device?: DeviceInfo;
  loadMs: number;
  /** One-line notices the UI shows once (e.g. "no FIM tokens: prefix-only completion"). */
  notices: string[];
  /** How chat requests run: through the chat model's chat template if its GGUF has one. */
  chatMode: ChatMode;
  /** File name of the model that answers chat requests: the separate chat model when one is loaded, else this one. */
  chatModel: string;
  /** Path of the separately configured chat model, when it loaded (absent: chat runs on `modelPath`). */
  chatModelPath?: string;
}

export type GpuBackend = 'metal' | 'cuda' | 'vulkan';

/** The device a loaded model runs on: a GPU (all or some of its layers) or the CPU. */
export interface DeviceInfo {
  /** What runs the model's layers: a GPU backend, or `cpu` when none of them is on a GPU. */
  backend: GpuBackend | 'cpu';
  /** The GPU found, used or not, as its driver names it, with its memory (total, and free before this model). */
  gpu?: { backend: GpuBackend; name: string; vramTotalBytes: number; vramFreeBytes: number };
  gpuLayers: number;
  totalLayers: number;
  /** Why the model is not wholly on a GPU: pipit.gpu off, no driver, no device, a driver failure, too little memory. */
  reason?: string;
}

export type EngineState = 'idle' | 'starting' | 'loading' | 'ready' | 'crashed' | 'disposed';

export interface EngineStatus {
  state: EngineState;
  model?: ModelInfo;
  /** What just happened, in words a user understands. */
  message?: string;
  /** Error code of the last failure, if the state was reached by one. */
  errorCode?: string;
}
