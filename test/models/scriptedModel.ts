// A "bigram" model that writes a script the test chose. With every block's output projections at zero, a qwen2
// model's next token depends only on the current one (embedding -> final norm -> output matrix). Each script token
// gets its own one-hot embedding and the output matrix maps it to the next script token; every other token maps to
// the first script token, and the last script token to the end token (end-of-text, or a chat family's end-of-turn
// token). So after `<|fim_middle|>` (or after any other prompt) greedy decoding writes exactly the script and stops;
// a prompt whose last token is itself a script token continues the script from that token instead.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type Hparams, FileType, architectureMetadata, architectureTensors } from './architectures';
import type { GgufMetadata, GgufTensorSpec } from './gguf';
import { constantTensor, q8Tensor } from './tensorData';
import { QWEN25_IDS } from './vocabularies';

const run = promisify(execFile);

/** Logit of the scripted successor: after RMS norm the one-hot component is sqrt(width), so this is >= 8 * 4. */
const SUCCESSOR_WEIGHT = 4;

/**
 * Tokenizes `text` with the real tokenizer of a vocab-only GGUF through node-llama-cpp (special-token texts become
 * those tokens, so a script can emit one), in a child process so that
 * the caller's own Llama instance (and its log level) is left alone.
 */
export async function tokenizeWithVocab(vocabFile: string, text: string): Promise<{ tokens: number[]; pieces: string[] }> {
  const module = pathToFileURL(require.resolve('node-llama-cpp')).href;
  const program = `
    const { getLlama } = await import(${JSON.stringify(module)});
    const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: 'error' });
    const model = await llama.loadModel({ modelPath: process.argv[2], vocabOnly: true });
    const tokens = model.tokenize(process.argv[3], true);
    const pieces = tokens.map((token) => model.detokenize([token], false));
    process.stdout.write(JSON.stringify({ tokens, pieces }));
    await model.dispose();
    await llama.dispose();`;
  // A script file, not `node -e`: node-llama-cpp forks a process to test its binary and that fork inherits the
  // parent's execArgv, so an `-e` program would run again in it instead of the test and the binary would be
  // judged broken.
  const folder = await mkdtemp(join(tmpdir(), 'pipit-tokenize-'));
  try {
    const file = join(folder, 'tokenize.mjs');
    await writeFile(file, program);
    const { stdout } = await run(process.execPath, [file, vocabFile, text], { maxBuffer: 16 << 20 });
    return JSON.parse(stdout) as { tokens: number[]; pieces: string[] };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Checks that a script can be a bigram model's: not empty, every token distinct, none of `special` in it (default:
 * Qwen2.5's end-of-text and FIM middle).
 */
export function checkScriptTokens(
  script: string,
  tokens: readonly number[],
  pieces: readonly string[],
  special: readonly number[] = [QWEN25_IDS.endOfText, QWEN25_IDS.fimMiddle],
): void {
  if (tokens.length === 0) throw new Error('a scripted model needs a non-empty script');
  const seen = new Map<number, number>();
  tokens.forEach((id, index) => {
    const first = seen.get(id);
    if (first !== undefined) {
      throw new Error(
        `script ${JSON.stringify(script)} repeats the token ${JSON.stringify(pieces[index])} (id ${id}) at token ` +
          `${first} and ${index}: a bigram model can only write scripts whose tokens are all different. ` +
          `Rephrase it (e.g. different names or spacing) so no token repeats.`,
      );
    }
    if (special.includes(id)) throw new Error(`script ${JSON.stringify(script)} contains a special token`);
    seen.set(id, index);
  });
}

/**
 * A real model's shapes for a scripted model: every block computes at full cost (random attention and feed-forward
 * inputs, in the real model's quantisation), but its output projections are zero, so the residual stream, and with it
 * the script, passes through unchanged. `quantized(name, shape, zero)` writes a weight in that quantisation.
 */
export interface ScriptedShape {
  hparams: Omit<Hparams, 'vocabSize' | 'tiedEmbeddings'>;
  weight(name: string, shape: readonly number[], zero: boolean): GgufTensorSpec;
}

/**
 * The metadata and tensors of a scripted qwen2 model over `tokenizer` (Qwen2.5's vocabulary unless `endToken` names
 * the token of another vocabulary that follows the script).
 */
export function scriptedModel(
  tokenizer: GgufMetadata,
  tokens: readonly number[],
  name: string,
  shape?: ScriptedShape,
  endToken: number = QWEN25_IDS.endOfText,
): { metadata: GgufMetadata; tensors: GgufTensorSpec[] } {
  const n = tokens.length;
  const rest = n; // the embedding dimension shared by every token outside the script
  const width = shape?.hparams.width ?? Math.max(64, Math.ceil((n + 1) / 32) * 32);
  if (width < n + 1) throw new Error(`a script of ${n} tokens needs a model at least ${n + 1} wide`);
  const vocabSize = (tokenizer.get('tokenizer.ggml.tokens')!.value as string[]).length;
  const h: Hparams = shape
    ? { ...shape.hparams, vocabSize, tiedEmbeddings: false }
    : {
        architecture: 'qwen2', layers: 1, width, heads: width / 32, kvHeads: width / 32, feedForward: 64, vocabSize,
        contextLength: 4096, ropeBase: 1e6, tiedEmbeddings: false,
      };
  const position = new Map(tokens.map((id, index) => [id, index]));
  // successor dimension -> token: token j is followed by j + 1, the last by the end token, everything else by token 0
  const predecessorDim = new Map<number, number>([[tokens[0]!, rest], [endToken, n - 1]]);
  for (let j = 0; j + 1 < n; j++) predecessorDim.set(tokens[j + 1]!, j);

  const tensors = architectureTensors(h, (tensorName, tensorShape, role) => {
    if (role === 'embedding') {
      return q8Tensor(tensorName, tensorShape, (id, row) => {
        row[position.get(id) ?? rest] = 1;
      });
    }
    if (role === 'output') {
      return q8Tensor(tensorName, tensorShape, (id, row) => {
        const dim = predecessorDim.get(id);
        if (dim !== undefined) row[dim] = SUCCESSOR_WEIGHT;
      });
    }
    if (shape && role !== 'bias') return shape.weight(tensorName, tensorShape, role === 'attentionOutput' || role === 'feedForwardOutput');
    return constantTensor(tensorName, tensorShape, 0);
  });
  const metadata = architectureMetadata(h, name, FileType.q8_0);
  for (const [key, value] of tokenizer) metadata.set(key, value);
  return { metadata, tensors };
}
