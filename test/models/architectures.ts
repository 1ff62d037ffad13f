// What llama.cpp needs to load a decoder of the architectures the test models use: hyper-parameter metadata and
// the list of tensors with their shapes (ggml order: [row length, rows]). Tensor contents are the caller's choice.
import { type GgufMetadata, type GgufTensorSpec, kv } from './gguf';
import { constantTensor } from './tensorData';

export type Architecture = 'qwen2' | 'llama' | 'starcoder2';

export interface Hparams {
  architecture: Architecture;
  layers: number;
  width: number;
  heads: number;
  kvHeads: number;
  feedForward: number;
  vocabSize: number;
  contextLength: number;
  ropeBase: number;
  /** Whether the output projection is the token embedding (no `output.weight`). */
  tiedEmbeddings: boolean;
}

/** The role of a weight tensor, for the caller that decides its contents. */
export type WeightRole = 'embedding' | 'output' | 'attention' | 'attentionOutput' | 'feedForward' | 'feedForwardOutput' | 'bias';

export type WeightFactory = (name: string, shape: readonly number[], role: WeightRole) => GgufTensorSpec;

/** llama.cpp's general.file_type values for the main weight type. */
export const FileType = { f16: 1, q4_0: 2, q8_0: 7 } as const;

export function architectureMetadata(h: Hparams, name: string, fileType: number): GgufMetadata {
  const a = h.architecture;
  const metadata: GgufMetadata = new Map([
    ['general.architecture', kv.str(a)],
    ['general.name', kv.str(name)],
    ['general.file_type', kv.u32(fileType)],
    [`${a}.context_length`, kv.u32(h.contextLength)],
    [`${a}.embedding_length`, kv.u32(h.width)],
    [`${a}.block_count`, kv.u32(h.layers)],
    [`${a}.feed_forward_length`, kv.u32(h.feedForward)],
    [`${a}.attention.head_count`, kv.u32(h.heads)],
    [`${a}.attention.head_count_kv`, kv.u32(h.kvHeads)],
    [`${a}.rope.freq_base`, kv.f32(h.ropeBase)],
  ]);
  if (a === 'starcoder2') metadata.set(`${a}.attention.layer_norm_epsilon`, kv.f32(1e-5));
  else metadata.set(`${a}.attention.layer_norm_rms_epsilon`, kv.f32(1e-6));
  if (a === 'llama') {
    metadata.set(`${a}.vocab_size`, kv.u32(h.vocabSize));
    metadata.set(`${a}.rope.dimension_count`, kv.u32(h.width / h.heads));
  }
  return metadata;
}

/** Every tensor the architecture loads, in llama.cpp's usual order; norms are 1 and their biases 0. */
export function architectureTensors(h: Hparams, weight: WeightFactory): GgufTensorSpec[] {
  const kvWidth = (h.width / h.heads) * h.kvHeads;
  const layerNorm = h.architecture === 'starcoder2'; // LayerNorm with biases and biased linear layers
  const norm = (name: string): GgufTensorSpec[] => [
    constantTensor(`${name}.weight`, [h.width], 1),
    ...(layerNorm ? [constantTensor(`${name}.bias`, [h.width], 0)] : []),
  ];
  const tensors: GgufTensorSpec[] = [weight('token_embd.weight', [h.width, h.vocabSize], 'embedding')];
  for (let i = 0; i < h.layers; i++) {
    const blk = `blk.${i}`;
    tensors.push(
      ...norm(`${blk}.attn_norm`),
      weight(`${blk}.attn_q.weight`, [h.width, h.width], 'attention'),
      weight(`${blk}.attn_k.weight`, [h.width, kvWidth], 'attention'),
      weight(`${blk}.attn_v.weight`, [h.width, kvWidth], 'attention'),
      weight(`${blk}.attn_output.weight`, [h.width, h.width], 'attentionOutput'),
    );
    if (h.architecture !== 'llama') {
      tensors.push(
        weight(`${blk}.attn_q.bias`, [h.width], 'bias'),
        weight(`${blk}.attn_k.bias`, [kvWidth], 'bias'),
        weight(`${blk}.attn_v.bias`, [kvWidth], 'bias'),
      );
    }
    if (layerNorm) tensors.push(weight(`${blk}.attn_output.bias`, [h.width], 'bias'));
    tensors.push(...norm(`${blk}.ffn_norm`));
    if (!layerNorm) tensors.push(weight(`${blk}.ffn_gate.weight`, [h.width, h.feedForward], 'feedForward'));
    tensors.push(
      weight(`${blk}.ffn_up.weight`, [h.width, h.feedForward], 'feedForward'),
      weight(`${blk}.ffn_down.weight`, [h.feedForward, h.width], 'feedForwardOutput'),
    );
    if (layerNorm) {
      tensors.push(weight(`${blk}.ffn_up.bias`, [h.feedForward], 'bias'), weight(`${blk}.ffn_down.bias`, [h.width], 'bias'));
    }
  }
  tensors.push(...norm('output_norm'));
  if (!h.tiedEmbeddings) tensors.push(weight('output.weight', [h.width, h.vocabSize], 'output'));
  return tensors;
}
