// The chat (instruct) models Pipit offers for Explain Selection, as data: each code model's chat pair and a general
// small language model. Sources as in catalog.ts: every URL pins a commit, and size and SHA-256 were read from public
// pinned catalogs quoting the hub's `lfs.oid`. Memory is an estimate from the code models of the same shape.
import type { ChatModel } from './types';

const HF = 'https://huggingface.co';
const GB = 1024 ** 3;
const APACHE = 'Apache-2.0';

function pinned(model: Omit<ChatModel, 'fileName' | 'sizeConfirmed'>): ChatModel {
  return { ...model, fileName: model.url.split('/').pop()!, sizeConfirmed: true };
}

export const QWEN_CODER_CHAT = {
  '0.5b': pinned({
    id: 'qwen2.5-coder-0.5b-instruct-q4_k_m',
    label: 'Qwen2.5-Coder 0.5B Instruct Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/ebb2015119c907b064c512bf053e945850b5875f/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf`,
    sizeBytes: 491_400_064,
    sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
    memoryBytes: 0.9 * GB,
    licence: APACHE,
    general: false,
  }),
  '1.5b': pinned({
    id: 'qwen2.5-coder-1.5b-instruct-q4_k_m',
    label: 'Qwen2.5-Coder 1.5B Instruct Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/f86cb2c1fa58255f8052cc32aeede1b7482d4361/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf`,
    sizeBytes: 1_117_320_768,
    sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
    memoryBytes: 1.9 * GB,
    licence: APACHE,
    general: false,
  }),
  '3b': pinned({
    id: 'qwen2.5-coder-3b-instruct-q4_k_m',
    label: 'Qwen2.5-Coder 3B Instruct Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-Coder-3B-Instruct-GGUF/resolve/f74adce6aa16316c625447af059dbebe4983757c/qwen2.5-coder-3b-instruct-q4_k_m.gguf`,
    sizeBytes: 2_104_932_800,
    sha256: '724fb256bec1ff062b2f65e4569e871ad2e95ab2a3989723d1769c54294730b7',
    memoryBytes: 2.6 * GB,
    // As with the 3B base model: the Qwen Research licence (non-commercial).
    licence: 'Qwen Research License',
    general: false,
  }),
  '7b': pinned({
    id: 'qwen2.5-coder-7b-instruct-q4_k_m',
    label: 'Qwen2.5-Coder 7B Instruct Q4_K_M',
    url: `${HF}/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF/resolve/13fb94bfda8c8cf22497dc57b78f391a9acb426a/qwen2.5-coder-7b-instruct-q4_k_m.gguf`,
    sizeBytes: 4_683_073_536,
    sha256: '509287f78cb4d4cf6b3843734733b914b2c158e43e22a7f4bf5e963800894d3c',
    memoryBytes: 5.5 * GB,
    licence: APACHE,
    general: false,
  }),
} as const;

export const DEEPSEEK_CODER_CHAT = pinned({
  id: 'deepseek-coder-1.3b-instruct-q4_k_m',
  label: 'DeepSeek-Coder 1.3B Instruct Q4_K_M',
  url: `${HF}/TheBloke/deepseek-coder-1.3b-instruct-GGUF/resolve/4595af8c3dff738094bd6c86054dfb5a90d5c41e/deepseek-coder-1.3b-instruct.Q4_K_M.gguf`,
  sizeBytes: 873_582_624,
  sha256: '04cebb6fafa40ae628cf6bfeb76032ec792852f54020c559ad0a56b9f2839118',
  memoryBytes: 2.0 * GB,
  licence: 'DeepSeek License',
  general: false,
});

/**
 * Qwen's own GGUF of Qwen2.5-1.5B-Instruct: the general small model people run locally, for users who want
 * explanations in plainer prose than a coder model's. Commit, size and SHA-256 agree across several public pinned
 * catalogs; about 1.9 GB resident with a 4k context, as one of them measured.
 */
const QWEN_GENERAL_CHAT = pinned({
  id: 'qwen2.5-1.5b-instruct-q4_k_m',
  label: 'Qwen2.5 1.5B Instruct Q4_K_M',
  url: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/91cad51170dc346986eccefdc2dd33a9da36ead9/qwen2.5-1.5b-instruct-q4_k_m.gguf`,
  sizeBytes: 1_117_320_736,
  sha256: '6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e',
  memoryBytes: 1.9 * GB,
  licence: APACHE,
  general: true,
});

/** Every model Select Model offers for Explain, smallest first within each kind: code models' pairs, then general. */
export const CHAT_MODELS: readonly ChatModel[] = Object.freeze([
  QWEN_CODER_CHAT['0.5b'],
  QWEN_CODER_CHAT['1.5b'],
  DEEPSEEK_CODER_CHAT,
  QWEN_CODER_CHAT['3b'],
  QWEN_CODER_CHAT['7b'],
  QWEN_GENERAL_CHAT,
]);
