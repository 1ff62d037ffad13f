// Bytes a GGUF tensor occupies, from its ggml type and shape, so the preflight can tell a truncated download (the
// header promises more data than the file holds) from a whole file. Types not listed return undefined.

/** ggml type id -> [elements per block, bytes per block], from ggml's type traits. */
const BLOCKS: Readonly<Record<number, readonly [number, number]>> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  9: [32, 36], // Q8_1
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  16: [256, 66], // IQ2_XXS
  17: [256, 74], // IQ2_XS
  18: [256, 98], // IQ3_XXS
  19: [256, 50], // IQ1_S
  20: [32, 18], // IQ4_NL
  21: [256, 110], // IQ3_S
  22: [256, 82], // IQ2_S
  23: [256, 136], // IQ4_XS
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  29: [256, 56], // IQ1_M
  30: [1, 2], // BF16
  34: [256, 54], // TQ1_0
  35: [256, 66], // TQ2_0
};

export function tensorBytes(ggmlType: number, dimensions: readonly (number | bigint)[]): number | undefined {
  const block = BLOCKS[ggmlType];
  if (!block) return undefined;
  const elements = dimensions.reduce<number>((product, size) => product * Number(size), 1);
  return Math.ceil(elements / block[0]) * block[1];
}

/** Where the last tensor's data ends, in bytes from the start of the file (a lower bound if a type is unknown). */
export function tensorDataEnd(
  tensors: readonly { ggmlType: number; dimensions: readonly (number | bigint)[]; fileOffset: number | bigint }[],
): number {
  let end = 0;
  for (const tensor of tensors) {
    end = Math.max(end, Number(tensor.fileOffset) + (tensorBytes(tensor.ggmlType, tensor.dimensions) ?? 0));
  }
  return end;
}
