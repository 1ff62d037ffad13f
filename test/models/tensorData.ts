// Deterministic tensor contents for test models: constants, values given in full, and seeded random weights in
// F32, F16, Q8_0 and Q4_0. Random bytes come from AES-CTR keyed by (seed, tensor name): native speed, so a
// gigabyte-sized shape proxy streams out in seconds, and each tensor's bytes do not depend on the others.
import { createCipheriv, createHash } from 'node:crypto';
import { GgmlType, type GgufTensorSpec, tensorByteSize } from './gguf';

const CHUNK_BYTES = 8 << 20;
const QK = 32;

function seededStream(seed: string, name: string): (bytes: number) => Buffer {
  const key = createHash('sha256').update(`${seed}\0${name}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return (bytes) => cipher.update(Buffer.alloc(bytes));
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** IEEE half-precision bits of `value`, rounded to nearest even. */
export function f16Bits(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa bumps the exponent, up to infinity: that is the correct rounding.
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++;
  return sign | half;
}

function* chunked(total: number, rowBytes: number, fill: (rows: number) => Buffer): Iterable<Buffer> {
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
  for (let done = 0; done < total; done += rowsPerChunk * rowBytes) {
    yield fill(Math.min(rowsPerChunk, (total - done) / rowBytes));
  }
}

/** An F32 tensor whose every element is `value` (norm weights of 1, biases or projections of 0). */
export function constantTensor(name: string, shape: readonly number[], value: number): GgufTensorSpec {
  const type = GgmlType.F32;
  const rowBytes = tensorByteSize(type, [shape[0]!]);
  return {
    name,
    shape,
    type,
    data: () =>
      chunked(tensorByteSize(type, shape), rowBytes, (rows) => {
        const buf = Buffer.alloc(rows * rowBytes);
        if (value !== 0) for (let i = 0; i < buf.length; i += 4) buf.writeFloatLE(value, i);
        return buf;
      }),
  };
}

/** A small F32 tensor given in full (ggml order: values of row 0, then row 1, ...). */
export function f32Tensor(name: string, shape: readonly number[], values: Float32Array): GgufTensorSpec {
  return { name, shape, type: GgmlType.F32, data: () => [Buffer.from(values.buffer, values.byteOffset, values.byteLength)] };
}

/**
 * A Q8_0 tensor whose rows are produced by `row(index, out)` (out is zeroed, length shape[0]). Values are
 * quantised per block of 32 with the block's largest magnitude as 127, so 0 and the block maximum are exact.
 */
export function q8Tensor(name: string, shape: readonly number[], row: (index: number, out: Float32Array) => void): GgufTensorSpec {
  const width = shape[0]!;
  const rowBytes = tensorByteSize(GgmlType.Q8_0, [width]);
  return {
    name,
    shape,
    type: GgmlType.Q8_0,
    data: () => {
      let next = 0;
      const values = new Float32Array(width);
      return chunked(tensorByteSize(GgmlType.Q8_0, shape), rowBytes, (rows) => {
        const buf = Buffer.alloc(rows * rowBytes);
        for (let r = 0; r < rows; r++, next++) {
          values.fill(0);
          row(next, values);
          for (let b = 0; b < width / QK; b++) {
            const at = r * rowBytes + b * (QK + 2);
            let max = 0;
            for (let i = 0; i < QK; i++) max = Math.max(max, Math.abs(values[b * QK + i]!));
            if (max === 0) continue;
            const d = max / 127;
            buf.writeUInt16LE(f16Bits(d), at);
            for (let i = 0; i < QK; i++) buf.writeInt8(Math.round(values[b * QK + i]! / d), at + 2 + i);
          }
        }
        return buf;
      });
    },
  };
}

export interface RandomOptions {
  /** Standard deviation of the (uniform) weights. */
  std?: number;
  /** Rows (second index) left all zero: a tied embedding's zero row is a token the model never picks. */
  zeroRows?: ReadonlySet<number>;
}

/**
 * Seeded random weights, uniform with standard deviation `std`. For Q8_0 and Q4_0 the quants are random and the
 * block scale is fixed, which is what a gigabyte of weights can afford; the cost of running them is the real one.
 */
export function randomTensor(seed: string, name: string, shape: readonly number[], type: GgmlType, options: RandomOptions = {}): GgufTensorSpec {
  const { std = 0.02, zeroRows } = options;
  const total = tensorByteSize(type, shape);
  const rowBytes = tensorByteSize(type, [shape[0]!]);
  const data = (): Iterable<Buffer> => {
    const random = seededStream(seed, name);
    let firstRow = 0;
    const clearRows = (out: Buffer): Buffer => {
      const rows = out.length / rowBytes;
      if (zeroRows) for (let r = 0; r < rows; r++) if (zeroRows.has(firstRow + r)) out.fill(0, r * rowBytes, (r + 1) * rowBytes);
      firstRow += rows;
      return out;
    };
    switch (type) {
      case GgmlType.F32:
      case GgmlType.F16: {
        const amplitude = std * Math.sqrt(3);
        const step = type === GgmlType.F32 ? 4 : 2;
        return chunked(total, rowBytes, (rows) => {
          const bits = random(rows * rowBytes);
          const out = Buffer.alloc(bits.length);
          for (let i = 0; i < out.length; i += step) {
            const value = ((bits.readUInt16LE(i) / 65535) * 2 - 1) * amplitude;
            if (step === 4) out.writeFloatLE(value, i);
            else out.writeUInt16LE(f16Bits(value), i);
          }
          return clearRows(out);
        });
      }
      case GgmlType.Q8_0:
      case GgmlType.Q4_0: {
        // Uniform int8 in [-128, 127] has std ~73.9; a Q4_0 nibble minus 8 in [-8, 7] has std ~4.61.
        const blockBytes = type === GgmlType.Q8_0 ? QK + 2 : QK / 2 + 2;
        const scale = f16Bits(std / (type === GgmlType.Q8_0 ? 73.9 : 4.61));
        return chunked(total, rowBytes, (rows) => {
          const out = random(rows * rowBytes);
          for (let at = 0; at < out.length; at += blockBytes) out.writeUInt16LE(scale, at);
          return clearRows(out);
        });
      }
    }
  };
  return { name, shape, type, data };
}
