// Checks a model file before loading it, so each way it can be unusable gets its own error code and a message the
// user can act on, instead of a native loader failure (or a machine driven into swap).
import { open, stat } from 'node:fs/promises';
import { EngineError } from '../engineErrors';
import type { GgufFileInfo, GgufInsights, Llama, LlamaCpp } from './llamaCpp';
import { tensorDataEnd } from './tensorBytes';

export interface FreeMemory {
  ramBytes: number;
  /** Free VRAM; 0 without a GPU. */
  vramBytes: number;
}

export interface PreflightDeps {
  llamaCpp: Pick<LlamaCpp, 'readGgufFileInfo' | 'GgufInsights'>;
  llama: Llama;
  /** Memory free right now (injectable so a test can simulate a small machine). */
  freeMemory(): Promise<FreeMemory>;
}

export interface PreflightOptions {
  contextSize: number;
  /** Memory the model now loaded will give back if this one replaces it. */
  reclaimableRamBytes?: number;
  /** Layers to offload to the GPU; absent: as many as fit in the free VRAM with the whole context beside them. */
  gpuLayers?: number;
  /** Context sequences the model will run, each with the whole context; default 2 (completion and chat). */
  sequences?: number;
}

export interface Preflight {
  fileInfo: GgufFileInfo;
  insights: GgufInsights;
  architecture: string;
  gpuLayers: number;
  /** Estimated memory the model and its context need. */
  ramBytes: number;
  vramBytes: number;
}

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(2)} GB`;

export async function preflightModel(path: string, options: PreflightOptions, deps: PreflightDeps): Promise<Preflight> {
  const size = await fileSize(path);
  await checkMagic(path, size);

  let fileInfo: GgufFileInfo;
  try {
    fileInfo = await deps.llamaCpp.readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/out of (range|bounds)|outside the bounds|end of (file|buffer)|beyond|EOF/i.test(detail)) throw truncated(path, detail);
    throw new EngineError(
      'CORRUPT',
      `The model file ${path} is damaged: its GGUF header cannot be read. Download the model again.`,
      detail,
    );
  }

  // node-llama-cpp's parser reads past the end of a short file as zeros instead of failing, so check the length.
  if ((fileInfo.infoEndOffset ?? 0) > size) {
    throw truncated(path, `header ends at byte ${fileInfo.infoEndOffset}, the file has ${size}`);
  }
  if (!fileInfo.metadata?.general?.architecture) {
    throw new EngineError(
      'CORRUPT',
      `The model file ${path} is damaged: it does not say which model architecture it holds. Download the model again.`,
    );
  }
  if (Number(fileInfo.tensorCount) === 0) {
    throw new EngineError(
      'VOCAB_ONLY',
      `The model file ${path} holds only a vocabulary (no weights), so it cannot generate. ` +
        'Choose the full model file (a GGUF with weights, usually hundreds of MB).',
    );
  }
  const dataEnd = tensorDataEnd(fileInfo.fullTensorInfo ?? fileInfo.tensorInfo ?? []);
  if (dataEnd > size) throw truncated(path, `header promises ${dataEnd} bytes, the file has ${size}`);

  const architecture = String(fileInfo.metadata?.general?.architecture ?? 'unknown');
  const insights = await deps.llamaCpp.GgufInsights.from(fileInfo, deps.llama);
  if (!insights.isSupportedByLlamaCpp || !insights.hasDecoder) {
    throw new EngineError(
      'UNSUPPORTED_ARCHITECTURE',
      `The model ${path} has architecture "${architecture}", which this version of Pipit's engine cannot run` +
        (insights.hasDecoder ? '' : ' (it cannot generate text)') +
        '. Choose a code model such as Qwen2.5-Coder, DeepSeek-Coder or StarCoder2 in GGUF format.',
    );
  }

  const free = await deps.freeMemory();
  const needs = (gpuLayers: number) => ({
    model: insights.estimateModelResourceRequirements({ gpuLayers }),
    context: insights.estimateContextResourceRequirements({
      contextSize: options.contextSize,
      modelGpuLayers: gpuLayers,
      // By default the completion sequence and the chat sequence, each with the whole context (see ModelHost).
      sequences: options.sequences ?? 2,
    }),
  });
  const gpuLayers =
    deps.llama.gpu === false || !deps.llama.supportsGpuOffloading
      ? 0
      : options.gpuLayers !== undefined
        ? Math.min(options.gpuLayers, insights.totalLayers)
        : // node-llama-cpp's padding (8% of the GPU's memory, at most 1.6 GB) stays free for the driver and the desktop.
          mostLayersThatFit(insights.totalLayers, free.vramBytes - deps.llama.vramPaddingSize, (layers) => {
            const { model, context } = needs(layers);
            return model.gpuVram + context.gpuVram;
          });
  const { model, context } = needs(gpuLayers);
  const ramBytes = model.cpuRam + context.cpuRam;
  const vramBytes = model.gpuVram + context.gpuVram;
  const availableRam = free.ramBytes + (options.reclaimableRamBytes ?? 0);
  if (ramBytes > availableRam || (gpuLayers > 0 && vramBytes > free.vramBytes)) {
    const onGpu = gpuLayers > 0 && vramBytes > free.vramBytes;
    throw new EngineError(
      'NOT_ENOUGH_MEMORY',
      `The model ${path} needs about ${gib(onGpu ? vramBytes : ramBytes)} of ${onGpu ? 'GPU memory' : 'memory'}, ` +
        `but only ${gib(onGpu ? free.vramBytes : availableRam)} is free. Close other programs or choose a smaller ` +
        'model (for example a 0.5B or 1.5B model, or a Q4 quantisation).',
      `model ram ${model.cpuRam}, context ram ${context.cpuRam}, vram ${vramBytes}, gpu layers ${gpuLayers}`,
    );
  }
  return { fileInfo, insights, architecture, gpuLayers, ramBytes, vramBytes };
}

/**
 * The most layers (0 to `totalLayers`) whose GPU memory, weights and context together, fits in `budget` bytes;
 * `need` grows with the layers, so a binary search finds it in a few estimates.
 */
export function mostLayersThatFit(totalLayers: number, budget: number, need: (layers: number) => number): number {
  if (totalLayers <= 0 || need(1) > budget) return 0;
  let fits = 1;
  let tooMany = totalLayers + 1;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (need(middle) <= budget) fits = middle;
    else tooMany = middle;
  }
  return fits;
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new EngineError('NOT_GGUF', `${path} is a folder, not a model file. Set the path of a .gguf file.`);
    }
    return info.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new EngineError(
      'MODEL_NOT_FOUND',
      code === 'EACCES'
        ? `The model file ${path} cannot be read (permission denied). Check its permissions.`
        : `The model file ${path} does not exist. Check the "pipit.modelPath" setting or PIPIT_MODEL_PATH.`,
      error instanceof Error ? error.message : String(error),
    );
  }
}

async function checkMagic(path: string, size: number): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    if (bytesRead < 4 || magic.toString('latin1') !== 'GGUF') {
      throw new EngineError(
        'NOT_GGUF',
        `${path} is not a GGUF model file${size === 0 ? ' (it is empty)' : ''}. Pipit runs llama.cpp models in GGUF ` +
          'format; convert the model or download a .gguf build of it.',
      );
    }
  } finally {
    await handle.close();
  }
}

function truncated(path: string, detail: string): EngineError {
  return new EngineError(
    'TRUNCATED',
    `The model file ${path} is incomplete (the download or copy stopped early). Download it again.`,
    detail,
  );
}
