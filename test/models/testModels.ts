// Tiny deterministic GGUF models with real tokenizers, written at test time into a cache folder outside the repo
// and reused. Each file's name carries a hash of what it is made from (generator version, llama.cpp vocab commit,
// parameters), so a change to any of them writes a new file instead of reusing a stale one.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Hparams, type WeightFactory, FileType, architectureMetadata, architectureTensors } from './architectures';
import { type ChatFamily, CHAT_FAMILY_SPECS } from './chatFamilies';
import { GgmlType, type GgufMetadata, writeGguf } from './gguf';
import { checkScriptTokens, scriptedModel, tokenizeWithVocab } from './scriptedModel';
import { randomTensor } from './tensorData';
import { type VocabName, type VocabSource, findVocabSource, vocabPath } from './vocabSource';
import { nonTextTokenIds, qwen25CoderTokenizer, readTokenizer } from './vocabularies';

/** Bump when the generator's output changes for the same inputs: every cached model is then written again. */
const GENERATOR_VERSION = 1;

export interface TestModels {
  dir: string;
  /** qwen2 architecture, Qwen2.5-Coder FIM vocabulary, random weights, a simple ChatML `tokenizer.chat_template`. */
  qwenFim: string;
  /** llama architecture, deepseek-coder vocabulary with its FIM tokens. */
  deepseekFim: string;
  /** starcoder2 architecture, StarCoder vocabulary with `<fim_prefix>` etc. */
  starcoderFim: string;
  /** llama architecture, GPT-2's vocabulary: no FIM tokens. */
  noFim: string;
  /** Qwen2.5-Coder's vocabulary and nothing else: loading it as a model fails. */
  vocabOnly: string;
}

/** Random weights with the exact tensor shapes of a real model (compute cost is real), real Qwen tokenizer. */
export type ShapeProxy = 'qwen2.5-coder-0.5b-q8_0' | 'qwen2.5-coder-1.5b-q4_0';

export function defaultTestModelsDir(): string {
  // Not $XDG_CACHE_HOME: the real-VS-Code harness points that at a throwaway profile (PIPIT_* variables reach it).
  return resolve(process.env.PIPIT_TEST_MODELS_DIR || join(homedir(), '.cache', 'pipit-test-models'));
}

type Tokenizer = 'qwen2.5-coder' | Exclude<VocabName, 'qwen2'>;

interface RandomModel {
  tokenizer: Tokenizer;
  hparams: Hparams;
}

// Tiny, but every part a real model has: two blocks, grouped-query attention, 4k context.
const tiny = { layers: 2, width: 64, heads: 4, kvHeads: 2, feedForward: 128, contextLength: 4096, tiedEmbeddings: true };
const RANDOM_MODELS: Record<Exclude<keyof TestModels, 'dir' | 'vocabOnly'> | 'longContext', RandomModel> = {
  qwenFim: { tokenizer: 'qwen2.5-coder', hparams: { ...tiny, architecture: 'qwen2', vocabSize: 151936, ropeBase: 1e6 } },
  deepseekFim: { tokenizer: 'deepseek-coder', hparams: { ...tiny, architecture: 'llama', vocabSize: 32256, ropeBase: 1e5 } },
  starcoderFim: { tokenizer: 'starcoder', hparams: { ...tiny, architecture: 'starcoder2', vocabSize: 49152, ropeBase: 1e5 } },
  noFim: { tokenizer: 'gpt-2', hparams: { ...tiny, architecture: 'llama', vocabSize: 50257, ropeBase: 1e4 } },
  // Trained (so its header says) on 32k tokens: a context sized from large budgets is not cut by the model.
  longContext: { tokenizer: 'gpt-2', hparams: { ...tiny, architecture: 'llama', vocabSize: 50257, ropeBase: 1e4, contextLength: 32768 } },
};

const SHAPES: Record<ShapeProxy, { hparams: Hparams; type: GgmlType.Q8_0 | GgmlType.Q4_0 }> = {
  'qwen2.5-coder-0.5b-q8_0': {
    type: GgmlType.Q8_0,
    hparams: {
      architecture: 'qwen2', layers: 24, width: 896, heads: 14, kvHeads: 2, feedForward: 4864, vocabSize: 151936,
      contextLength: 32768, ropeBase: 1e6, tiedEmbeddings: true,
    },
  },
  'qwen2.5-coder-1.5b-q4_0': {
    type: GgmlType.Q4_0,
    hparams: {
      architecture: 'qwen2', layers: 28, width: 1536, heads: 12, kvHeads: 2, feedForward: 8960, vocabSize: 151936,
      contextLength: 32768, ropeBase: 1e6, tiedEmbeddings: true,
    },
  },
};

/** Writes (or reuses) the test models into `dir` (default: $PIPIT_TEST_MODELS_DIR or ~/.cache/pipit-test-models). */
export async function ensureTestModels(dir = defaultTestModelsDir()): Promise<TestModels> {
  const cache = await Cache.open(dir);
  const [qwenFim, deepseekFim, starcoderFim, noFim, vocabOnly] = await Promise.all([
    cache.ensureRandom('qwenFim'),
    cache.ensureRandom('deepseekFim'),
    cache.ensureRandom('starcoderFim'),
    cache.ensureRandom('noFim'),
    cache.ensureVocabOnly(),
  ]);
  return { dir: cache.dir, qwenFim, deepseekFim, starcoderFim, noFim, vocabOnly };
}

/** The tiny llama model with GPT-2's vocabulary whose header says it was trained on a 32k context. */
export async function ensureLongContextModel(dir = defaultTestModelsDir()): Promise<string> {
  return (await Cache.open(dir)).ensureRandom('longContext');
}

/**
 * A "bigram" qwen2 model (Qwen2.5 FIM vocabulary) that after <|fim_middle|> writes exactly `script` and then
 * end-of-text. Each token of the script must be distinct (it throws otherwise). Any other prompt gets the script
 * too, unless the prompt ends in one of the script's tokens: then the script goes on from that token.
 */
export async function ensureScriptedModel(script: string, dir = defaultTestModelsDir()): Promise<string> {
  return (await Cache.open(dir)).ensureScripted(script);
}

/**
 * A scripted model (see ensureScriptedModel) of a chat family: the family's vocabulary and published chat template
 * (chatFamilies.ts), writing `script` and then the family's end-of-turn token, after which it would write the script
 * again: an answer that does not stop at end of turn shows it.
 */
export async function ensureScriptedChatModel(family: ChatFamily, script: string, dir = defaultTestModelsDir()): Promise<string> {
  return (await Cache.open(dir)).ensureScriptedChat(family, script);
}

/**
 * A shape proxy that writes a script: a real model's tensor shapes and quantisation (so it costs what the real model
 * costs) whose answers are `script` and then end-of-text, like the scripted test models. For benchmarks that need
 * answers of a real length with real ends (a random-weight proxy never stops). See scriptedModel.ts.
 */
export async function ensureScriptedShapeProxy(shape: ShapeProxy, script: string, dir = defaultTestModelsDir()): Promise<string> {
  return (await Cache.open(dir)).ensureScriptedProxy(shape, script);
}

/** Random weights with the exact tensor shapes of a real model (compute cost is real), real Qwen tokenizer. */
export async function ensureShapeProxy(shape: ShapeProxy, dir = defaultTestModelsDir()): Promise<string> {
  return (await Cache.open(dir)).ensureProxy(shape);
}

/** Writes of the same file in flight in this process, so concurrent callers share one. */
const inFlight = new Map<string, Promise<string>>();

class Cache {
  private readonly tokenizers = new Map<Tokenizer, Promise<GgufMetadata>>();

  private constructor(readonly dir: string, private readonly source: VocabSource) {}

  static async open(dir: string): Promise<Cache> {
    await mkdir(dir, { recursive: true });
    return new Cache(resolve(dir), findVocabSource());
  }

  ensureRandom(key: keyof typeof RANDOM_MODELS): Promise<string> {
    const { tokenizer, hparams } = RANDOM_MODELS[key];
    return this.ensure(key, { tokenizer, hparams }, async (path, seed) => {
      const vocab = await this.tokenizer(tokenizer);
      const neverPicked = nonTextTokenIds(vocab);
      // Layer weights strong enough that the next token depends on the context, not just on the last token; the
      // embedding rows of control tokens stay zero so greedy decoding never ends a sequence by chance.
      const weights: WeightFactory = (name, shape, role) =>
        role === 'embedding' || role === 'output'
          ? randomTensor(seed, name, shape, GgmlType.Q8_0, { std: 0.5, zeroRows: neverPicked })
          : randomTensor(seed, name, shape, role === 'bias' ? GgmlType.F32 : GgmlType.F16, { std: role === 'bias' ? 0.02 : 0.15 });
      const metadata = architectureMetadata(hparams, `pipit-test-${key}`, FileType.f16);
      for (const [k, v] of vocab) metadata.set(k, v);
      await writeGguf(path, metadata, architectureTensors(hparams, weights));
    });
  }

  ensureVocabOnly(): Promise<string> {
    const { hparams } = RANDOM_MODELS.qwenFim;
    return this.ensure('vocabOnly', { tokenizer: 'qwen2.5-coder' }, async (path) => {
      const metadata = architectureMetadata(hparams, 'pipit-test-vocab-only', FileType.f16);
      for (const [k, v] of await this.tokenizer('qwen2.5-coder')) metadata.set(k, v);
      await writeGguf(path, metadata, []);
    });
  }

  ensureScripted(script: string): Promise<string> {
    return this.ensure('scripted', { script }, async (path) => {
      const vocab = await this.tokenizer('qwen2.5-coder');
      const { tokens, pieces } = await tokenizeWithVocab(await this.ensureVocabOnly(), script);
      checkScriptTokens(script, tokens, pieces);
      const { metadata, tensors } = scriptedModel(vocab, tokens, 'pipit-test-scripted');
      await writeGguf(path, metadata, tensors);
    });
  }

  ensureScriptedChat(family: ChatFamily, script: string): Promise<string> {
    const spec = CHAT_FAMILY_SPECS[family];
    return this.ensure(`scripted-chat-${family}`, { script }, async (path) => {
      const vocabFile = await vocabPath(this.dir, this.source, spec.vocab);
      const vocab = spec.tokenizer(vocabFile);
      // The family's vocabulary and template in a tokenizer-only file, to tokenize the script exactly as the engine will.
      const vocabOnly = `${path}.vocab.gguf`;
      const metadata = architectureMetadata(RANDOM_MODELS.qwenFim.hparams, `pipit-test-chat-${family}-vocab`, FileType.f16);
      for (const [k, v] of vocab) metadata.set(k, v);
      await writeGguf(vocabOnly, metadata, []);
      try {
        const end = await tokenizeWithVocab(vocabOnly, spec.endOfTurn);
        if (end.tokens.length !== 1) throw new Error(`${spec.endOfTurn} is not one token of the ${family} vocabulary: ${JSON.stringify(end.pieces)}`);
        const { tokens, pieces } = await tokenizeWithVocab(vocabOnly, script);
        // The tokenizer adds BOS where the vocabulary asks for it; the script is what follows.
        const bos = vocab.get('tokenizer.ggml.bos_token_id')?.value;
        const scriptTokens = vocab.get('tokenizer.ggml.add_bos_token')?.value === true && tokens[0] === bos ? tokens.slice(1) : tokens;
        checkScriptTokens(script, scriptTokens, pieces.slice(tokens.length - scriptTokens.length), [end.tokens[0]!]);
        const { metadata: model, tensors } = scriptedModel(vocab, scriptTokens, `pipit-test-chat-${family}`, undefined, end.tokens[0]!);
        await writeGguf(path, model, tensors);
      } finally {
        await rm(vocabOnly, { force: true });
      }
    });
  }

  ensureScriptedProxy(shape: ShapeProxy, script: string): Promise<string> {
    if (!Object.hasOwn(SHAPES, shape)) throw new Error(`unknown shape proxy ${JSON.stringify(shape)}: one of ${Object.keys(SHAPES).join(', ')}`);
    const { hparams, type } = SHAPES[shape];
    return this.ensure(`scripted-proxy-${shape}`, { hparams, type, script }, async (path, seed) => {
      const vocab = await this.tokenizer('qwen2.5-coder');
      const { tokens, pieces } = await tokenizeWithVocab(await this.ensureVocabOnly(), script);
      checkScriptTokens(script, tokens, pieces);
      const { vocabSize: _vocab, tiedEmbeddings: _tied, ...blocks } = hparams;
      const { metadata, tensors } = scriptedModel(vocab, tokens, `pipit-scripted-proxy-${shape}`, {
        hparams: blocks,
        weight: (name, tensorShape, zero) => (zero ? randomTensor(seed, name, tensorShape, type, { std: 0 }) : randomTensor(seed, name, tensorShape, type, { std: 0.02 })),
      });
      await writeGguf(path, metadata, tensors);
    });
  }

  ensureProxy(shape: ShapeProxy): Promise<string> {
    if (!Object.hasOwn(SHAPES, shape)) throw new Error(`unknown shape proxy ${JSON.stringify(shape)}: one of ${Object.keys(SHAPES).join(', ')}`);
    const { hparams, type } = SHAPES[shape];
    return this.ensure(`proxy-${shape}`, { hparams, type }, async (path, seed) => {
      // Every matrix in the named type, norms and biases F32: what llama.cpp's "pure" quantisation writes.
      const weights: WeightFactory = (name, tensorShape, role) =>
        randomTensor(seed, name, tensorShape, role === 'bias' ? GgmlType.F32 : type, { std: 0.02 });
      const metadata = architectureMetadata(hparams, `pipit-shape-proxy-${shape}`, type === GgmlType.Q8_0 ? FileType.q8_0 : FileType.q4_0);
      for (const [k, v] of await this.tokenizer('qwen2.5-coder')) metadata.set(k, v);
      await writeGguf(path, metadata, architectureTensors(hparams, weights));
    });
  }

  /** `<dir>/<name>-<hash>.gguf`, written by `write(path, seed)` unless it exists. */
  private ensure(name: string, inputs: object, write: (path: string, seed: string) => Promise<void>): Promise<string> {
    const hash = createHash('sha256')
      .update(JSON.stringify({ GENERATOR_VERSION, vocab: this.source.commit, name, inputs }))
      .digest('hex')
      .slice(0, 16);
    const path = join(this.dir, `${name}-${hash}.gguf`);
    if (existsSync(path)) return Promise.resolve(path);
    let pending = inFlight.get(path);
    if (!pending) {
      pending = write(path, hash).then(
        () => path,
        (error: unknown) => {
          inFlight.delete(path);
          throw error;
        },
      );
      inFlight.set(path, pending);
    }
    return pending;
  }

  private tokenizer(name: Tokenizer): Promise<GgufMetadata> {
    let pending = this.tokenizers.get(name);
    if (!pending) {
      pending =
        name === 'qwen2.5-coder'
          ? vocabPath(this.dir, this.source, 'qwen2').then(qwen25CoderTokenizer)
          : vocabPath(this.dir, this.source, name).then(readTokenizer);
      this.tokenizers.set(name, pending);
    }
    return pending;
  }
}
