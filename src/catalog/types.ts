// The shape of a catalog entry and of the machine it is judged against. Plain data, shared by the catalog, the
// machine-fit choice and the VS Code glue.

/**
 * A chat (instruct) model for Explain Selection: a code model's instruct sibling (base models fill in the middle well
 * and explain code poorly), or a general small language model.
 */
export interface ChatModel {
  /** Stable id, as for catalog entries. */
  id: string;
  /** The name with its quantisation, as the user sees it. */
  label: string;
  /** Hugging Face `resolve/<commit>/<file>` URL. */
  url: string;
  fileName: string;
  sizeBytes: number;
  sizeConfirmed: boolean;
  sha256?: string;
  /** Memory it needs beside the code model, with a 4k context, in bytes. */
  memoryBytes: number;
  licence: string;
  /** A general small language model, not a code model's instruct sibling. */
  general: boolean;
}

export interface CatalogEntry {
  /** Stable id: names the file on disk and the entry in globalState, so never rename one. */
  id: string;
  label: string;
  family: 'qwen2.5-coder' | 'deepseek-coder' | 'starcoder2' | 'codegemma';
  /** Billions of parameters, for sorting and for the label. */
  params: number;
  quantization: string;
  /** Exact download URL (Hugging Face `resolve/<commit>/<file>`; it redirects to a CDN). Offered only when pinned. */
  url: string;
  /** File name under the models folder. */
  fileName: string;
  /** Exact size in bytes where published; otherwise an estimate and `sizeConfirmed` is false. */
  sizeBytes: number;
  sizeConfirmed: boolean;
  /** Memory the engine needs for this model plus a 4k context (weights + KV cache + runtime), in bytes. */
  memoryBytes: number;
  /** SPDX id or the licence's own name. */
  licence: string;
  /** True when the licence restricts commercial use: never recommended automatically. */
  restrictedLicence: boolean;
  /** Whether the model was trained for fill-in-the-middle and its GGUF carries the FIM tokens. */
  fim: boolean;
  /**
   * Lowercase hex SHA-256 of the file where it was confirmed; undefined means the download is checked against the
   * SHA-256 the hub declares for the pinned commit instead (and refused when it declares none).
   */
  sha256?: string;
  /** The chat model that pairs with it for Explain Selection: offered with it when it is chosen. */
  chat?: ChatModel;
  /** Why this entry's facts are less than certain, for the log and the catalog's readers. */
  note?: string;
}

/** What the machine offers the model; the VS Code glue measures it with `node:os` (and the engine for VRAM). */
export interface MachineInfo {
  totalRamBytes: number;
  freeRamBytes: number;
  /**
   * GPU memory a model may take, as llama.cpp measured it (free, less the room it keeps for the driver); 0 or
   * undefined on a machine where models run on the CPU, or before any measurement.
   */
  vramBytes?: number;
  /** The GPU, as its driver names it, when one was measured. */
  gpuName?: string;
  cpuCores: number;
}

/** A file Pipit can download: a code model or a chat model. */
export type ModelFile = CatalogEntry | ChatModel;
