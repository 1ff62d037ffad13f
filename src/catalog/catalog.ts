// The models Pipit offers to download, as data. Every URL, size and SHA-256 below was read from public sources
// (other projects' pinned catalogs that quote the Hugging Face API's `lfs.oid`, which is the file's SHA-256), not
// from the hub itself, which the build machines cannot reach. Nothing is invented: where a fact could not be
// confirmed, the entry says so in `note`, its size is an estimate (`sizeConfirmed: false`), and its checksum is left
// undefined, in which case the download is checked against the SHA-256 the hub declares for the pinned commit.
// Every URL must pin a commit (`resolve/<40 hex>/`): an entry still on `main` is listed but not offered for download
// (see verifiedDownload.ts), because what `main` holds can change under a checksum or under the user.
import { DEEPSEEK_CODER_CHAT, QWEN_CODER_CHAT } from './chatModels';
import type { CatalogEntry, ModelFile } from './types';

const HF = 'https://huggingface.co';
const GB = 1024 ** 3;

const QWEN_LICENCE = 'Apache-2.0';

export const CATALOG: readonly CatalogEntry[] = Object.freeze([
  {
    id: 'qwen2.5-coder-0.5b-q8_0',
    label: 'Qwen2.5-Coder 0.5B',
    family: 'qwen2.5-coder',
    params: 0.5,
    quantization: 'Q8_0',
    // ggml-org's base conversions are the files llama.cpp's own `--fim-qwen-*` presets pull. The commit is the one two
    // public pinned catalogs name with this same size and SHA-256.
    url: `${HF}/ggml-org/Qwen2.5-Coder-0.5B-Q8_0-GGUF/resolve/5788aee90e725673490be18f553d234feaa8303d/qwen2.5-coder-0.5b-q8_0.gguf`,
    fileName: 'qwen2.5-coder-0.5b-q8_0.gguf',
    sizeBytes: 531_068_128,
    sizeConfirmed: true,
    // Measured on a shape proxy: 0.9 GB RSS (shared/notes/models.md).
    memoryBytes: 1.0 * GB,
    licence: QWEN_LICENCE,
    restrictedLicence: false,
    fim: true,
    sha256: 'd0f8cd6c49bab52a0abdbe47948518b1f4d9b1a8a2a6825099cea31cea10ac56',
    chat: QWEN_CODER_CHAT['0.5b'],
  },
  {
    id: 'qwen2.5-coder-1.5b-q8_0',
    label: 'Qwen2.5-Coder 1.5B',
    family: 'qwen2.5-coder',
    params: 1.5,
    quantization: 'Q8_0',
    url: `${HF}/ggml-org/Qwen2.5-Coder-1.5B-Q8_0-GGUF/resolve/8be1b8a895a84beea772817caaa71eba6b6e0d07/qwen2.5-coder-1.5b-q8_0.gguf`,
    fileName: 'qwen2.5-coder-1.5b-q8_0.gguf',
    sizeBytes: 1_646_573_056,
    sizeConfirmed: true,
    // Measured on a shape proxy: 2.0 GB RSS.
    memoryBytes: 2.2 * GB,
    licence: QWEN_LICENCE,
    restrictedLicence: false,
    fim: true,
    sha256: '29871c94d15727a6e243f79a37113d4ae625a6215b5e800bf41a23af2da32832',
    chat: QWEN_CODER_CHAT['1.5b'],
  },
  {
    id: 'qwen2.5-coder-3b-q8_0',
    label: 'Qwen2.5-Coder 3B',
    family: 'qwen2.5-coder',
    params: 3,
    quantization: 'Q8_0',
    url: `${HF}/ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF/resolve/9c1de162ae417c9c3aacde97c729c4128de047d8/qwen2.5-coder-3b-q8_0.gguf`,
    fileName: 'qwen2.5-coder-3b-q8_0.gguf',
    sizeBytes: 3_285_476_160,
    sizeConfirmed: true,
    memoryBytes: 4.0 * GB,
    // Alone among its siblings, the 3B is published under the Qwen Research licence (non-commercial).
    licence: 'Qwen Research License',
    restrictedLicence: true,
    fim: true,
    sha256: 'a522a906e299ed34db738b9626b2cd0da9e446c14674468a22fc2eae3dbd344d',
    chat: QWEN_CODER_CHAT['3b'],
  },
  {
    id: 'qwen2.5-coder-3b-q4_k_m',
    label: 'Qwen2.5-Coder 3B',
    family: 'qwen2.5-coder',
    params: 3,
    quantization: 'Q4_K_M',
    url: `${HF}/bartowski/Qwen2.5-Coder-3B-GGUF/resolve/465c183318f1fcb5774394eee76f1b7f224494ec/Qwen2.5-Coder-3B-Q4_K_M.gguf`,
    fileName: 'Qwen2.5-Coder-3B-Q4_K_M.gguf',
    sizeBytes: 1_930_000_000,
    sizeConfirmed: false,
    memoryBytes: 2.6 * GB,
    licence: 'Qwen Research License',
    restrictedLicence: true,
    fim: true,
    chat: QWEN_CODER_CHAT['3b'],
    note:
      'Commit confirmed by public configs that pull this file at it; exact size (~1.9 GB) and SHA-256 not confirmed: the ' +
      'download is checked against the SHA-256 the hub declares for that commit.',
  },
  {
    id: 'qwen2.5-coder-7b-q8_0',
    label: 'Qwen2.5-Coder 7B',
    family: 'qwen2.5-coder',
    params: 7,
    quantization: 'Q8_0',
    url: `${HF}/ggml-org/Qwen2.5-Coder-7B-Q8_0-GGUF/resolve/bca77e0a8c88fc224882bcc404170c3ef17efacc/qwen2.5-coder-7b-q8_0.gguf`,
    fileName: 'qwen2.5-coder-7b-q8_0.gguf',
    sizeBytes: 8_098_525_600,
    sizeConfirmed: true,
    memoryBytes: 9.0 * GB,
    licence: QWEN_LICENCE,
    restrictedLicence: false,
    fim: true,
    sha256: '0ef48dc94a3c551a6736ac2601de38413dc9aa9318534b16e8baee08290a4aaf',
    chat: QWEN_CODER_CHAT['7b'],
  },
  {
    id: 'qwen2.5-coder-7b-q4_k_m',
    label: 'Qwen2.5-Coder 7B',
    family: 'qwen2.5-coder',
    params: 7,
    quantization: 'Q4_K_M',
    url: `${HF}/bartowski/Qwen2.5-Coder-7B-GGUF/resolve/main/Qwen2.5-Coder-7B-Q4_K_M.gguf`,
    fileName: 'Qwen2.5-Coder-7B-Q4_K_M.gguf',
    // The instruct Q4_K_M of the same shape is 4,683,073,536 bytes; the base file should be within a few KB.
    sizeBytes: 4_683_073_536,
    sizeConfirmed: false,
    memoryBytes: 5.5 * GB,
    licence: QWEN_LICENCE,
    restrictedLicence: false,
    fim: true,
    chat: QWEN_CODER_CHAT['7b'],
    note:
      'Not offered for download: no commit id was found for this file, so it cannot be pinned. Repository and file name ' +
      'follow bartowski\'s naming; not confirmed, nor its size or checksum.',
  },
  {
    id: 'deepseek-coder-1.3b-base-q4_k_m',
    label: 'DeepSeek-Coder 1.3B',
    family: 'deepseek-coder',
    params: 1.3,
    quantization: 'Q4_K_M',
    url: `${HF}/TheBloke/deepseek-coder-1.3b-base-GGUF/resolve/main/deepseek-coder-1.3b-base.Q4_K_M.gguf`,
    fileName: 'deepseek-coder-1.3b-base.Q4_K_M.gguf',
    // Same shape as the instruct Q4_K_M (873,582,624 bytes); the base file's own size is not confirmed.
    sizeBytes: 873_582_624,
    sizeConfirmed: false,
    // Measured on a Q4_0 shape proxy: 2.0 GB RSS (no grouped-query attention: a larger KV cache).
    memoryBytes: 2.0 * GB,
    licence: 'DeepSeek License',
    restrictedLicence: false,
    fim: true,
    chat: DEEPSEEK_CODER_CHAT,
    note:
      'Not offered for download: public configs pull it from main only, and no commit id was found to pin it to. URL ' +
      'confirmed by several public configs; size and checksum not confirmed.',
  },
  {
    id: 'deepseek-coder-1.3b-base-q8_0',
    label: 'DeepSeek-Coder 1.3B',
    family: 'deepseek-coder',
    params: 1.3,
    quantization: 'Q8_0',
    url: `${HF}/TheBloke/deepseek-coder-1.3b-base-GGUF/resolve/main/deepseek-coder-1.3b-base.Q8_0.gguf`,
    fileName: 'deepseek-coder-1.3b-base.Q8_0.gguf',
    sizeBytes: 1_430_000_000,
    sizeConfirmed: false,
    memoryBytes: 2.6 * GB,
    licence: 'DeepSeek License',
    restrictedLicence: false,
    fim: true,
    chat: DEEPSEEK_CODER_CHAT,
    note:
      'Not offered for download: public code pulls it from main only, and no commit id was found to pin it to. File ' +
      'name confirmed by public code; size (~1.43 GB) and checksum not confirmed.',
  },
  {
    id: 'starcoder2-3b-q4_k_m',
    label: 'StarCoder2 3B',
    family: 'starcoder2',
    params: 3,
    quantization: 'Q4_K_M',
    url: `${HF}/second-state/StarCoder2-3B-GGUF/resolve/7fca3e2da2ce31df411461e2cb9cae2d2b492f35/starcoder2-3b-Q4_K_M.gguf`,
    fileName: 'starcoder2-3b-Q4_K_M.gguf',
    sizeBytes: 1_848_976_448,
    sizeConfirmed: true,
    memoryBytes: 2.8 * GB,
    licence: 'BigCode OpenRAIL-M',
    restrictedLicence: false,
    fim: true,
    sha256: 'd8fb39287a463549b80d97473b0a7595c3a5a6da3ae2604ca33906a1a43f7175',
    // StarCoder2 has no small instruct model: the Qwen 1.5B instruct model explains instead.
    chat: QWEN_CODER_CHAT['1.5b'],
  },
  {
    id: 'codegemma-2b-q4_k_m',
    label: 'CodeGemma 2B',
    family: 'codegemma',
    params: 2,
    quantization: 'Q4_K_M',
    url: `${HF}/bartowski/codegemma-2b-GGUF/resolve/4c371c2e831eebf3de95e32c841c8b38d4d9502e/codegemma-2b-Q4_K_M.gguf`,
    fileName: 'codegemma-2b-Q4_K_M.gguf',
    sizeBytes: 1_630_262_400,
    sizeConfirmed: true,
    // Gemma's 256k vocabulary makes the output layer large: more memory than the file size suggests.
    memoryBytes: 2.6 * GB,
    licence: 'Gemma Terms of Use',
    restrictedLicence: false,
    fim: true,
    sha256: '4747caaf4dc51a6e7ad6df5fe26f4c485d847998bd58933eaf011f76e5273c14',
    // CodeGemma 2B is completion-only; its 7B instruct sibling is too large to pair with it.
    chat: QWEN_CODER_CHAT['1.5b'],
  },
  {
    id: 'codegemma-2b-q8_0',
    label: 'CodeGemma 2B',
    family: 'codegemma',
    params: 2,
    quantization: 'Q8_0',
    // Commit, size and SHA-256 from a public pinned catalog whose other bartowski/codegemma-2b entry matches ours.
    url: `${HF}/bartowski/codegemma-2b-GGUF/resolve/4c371c2e831eebf3de95e32c841c8b38d4d9502e/codegemma-2b-Q8_0.gguf`,
    fileName: 'codegemma-2b-Q8_0.gguf',
    sizeBytes: 2_669_069_440,
    sizeConfirmed: true,
    memoryBytes: 3.6 * GB,
    licence: 'Gemma Terms of Use',
    restrictedLicence: false,
    fim: true,
    sha256: 'b2afa04a0561c7269016e4d5c0e0f80c2b09b2c166d999ada2b1956c30aaf621',
    chat: QWEN_CODER_CHAT['1.5b'],
  },
] satisfies CatalogEntry[]);

/** "1.6 GB", "531 MB": sizes as a download dialog shows them (decimal units, as browsers and hubs do). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(bytes >= 1e10 ? 0 : 1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/** How a downloadable file is named to the user: a code model with its quantisation, a chat model by its label. */
export function entryTitle(file: ModelFile): string {
  return 'quantization' in file ? `${file.label} ${file.quantization}` : file.label;
}
