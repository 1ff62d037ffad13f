// A small GGUF v3 reader (metadata and tensor infos) and a streaming writer: enough to copy a real tokenizer out of
// llama.cpp's vocab-only files and to write test models around it. Format: github.com/ggml-org/ggml docs/gguf.md.
import { open, rename, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const VERSION = 3;
export const GGUF_ALIGNMENT = 32;

/** Metadata value types (gguf_type). */
export enum GgufType {
  Uint8 = 0,
  Int8 = 1,
  Uint16 = 2,
  Int16 = 3,
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
  Int64 = 11,
  Float64 = 12,
}

/** Tensor data types (ggml_type) this writer knows the layout of. */
export enum GgmlType {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
}

export type GgufScalar = number | bigint | boolean | string;

/** One metadata value with its wire type; arrays carry their item type. */
export type GgufValue =
  | { type: Exclude<GgufType, GgufType.Array>; value: GgufScalar }
  | { type: GgufType.Array; itemType: Exclude<GgufType, GgufType.Array>; value: GgufScalar[] };

export type GgufMetadata = Map<string, GgufValue>;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: shape[0] is the contiguous (row) dimension. */
  shape: number[];
  type: number;
  offset: bigint;
}

export interface GgufHeader {
  version: number;
  metadata: GgufMetadata;
  tensors: GgufTensorInfo[];
}

/** Builders for metadata values, so callers write `kv.u32(24)` rather than wire types. */
export const kv = {
  u32: (value: number): GgufValue => ({ type: GgufType.Uint32, value }),
  i32: (value: number): GgufValue => ({ type: GgufType.Int32, value }),
  f32: (value: number): GgufValue => ({ type: GgufType.Float32, value }),
  bool: (value: boolean): GgufValue => ({ type: GgufType.Bool, value }),
  str: (value: string): GgufValue => ({ type: GgufType.String, value }),
  strings: (value: string[]): GgufValue => ({ type: GgufType.Array, itemType: GgufType.String, value }),
  i32s: (value: number[]): GgufValue => ({ type: GgufType.Array, itemType: GgufType.Int32, value }),
  f32s: (value: number[]): GgufValue => ({ type: GgufType.Array, itemType: GgufType.Float32, value }),
};

// ---------------------------------------------------------------------------------------------------------------
// Reading

class Reader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}

  get position(): number {
    return this.offset;
  }
  u32(): number {
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u64(): bigint {
    const v = this.buf.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }
  count(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`GGUF count too large: ${v}`);
    return Number(v);
  }
  string(): string {
    const length = this.count();
    const v = this.buf.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return v;
  }
  scalar(type: GgufType): GgufScalar {
    const b = this.buf;
    const at = this.offset;
    switch (type) {
      case GgufType.Uint8: this.offset += 1; return b.readUInt8(at);
      case GgufType.Int8: this.offset += 1; return b.readInt8(at);
      case GgufType.Uint16: this.offset += 2; return b.readUInt16LE(at);
      case GgufType.Int16: this.offset += 2; return b.readInt16LE(at);
      case GgufType.Uint32: this.offset += 4; return b.readUInt32LE(at);
      case GgufType.Int32: this.offset += 4; return b.readInt32LE(at);
      case GgufType.Float32: this.offset += 4; return b.readFloatLE(at);
      case GgufType.Bool: this.offset += 1; return b.readUInt8(at) !== 0;
      case GgufType.Uint64: this.offset += 8; return b.readBigUInt64LE(at);
      case GgufType.Int64: this.offset += 8; return b.readBigInt64LE(at);
      case GgufType.Float64: this.offset += 8; return b.readDoubleLE(at);
      case GgufType.String: return this.string();
      default: throw new Error(`unknown GGUF value type ${type} at byte ${at}`);
    }
  }
}

/** Parses the header (metadata and tensor infos) of a GGUF file held in memory. */
export function parseGgufHeader(buf: Buffer): GgufHeader {
  const r = new Reader(buf);
  if (r.u32() !== MAGIC) throw new Error('not a GGUF file (bad magic)');
  const version = r.u32();
  if (version !== 2 && version !== 3) throw new Error(`unsupported GGUF version ${version}`);
  const tensorCount = r.count();
  const kvCount = r.count();
  const metadata: GgufMetadata = new Map();
  for (let i = 0; i < kvCount; i++) {
    const key = r.string();
    const type = r.u32() as GgufType;
    if (type === GgufType.Array) {
      const itemType = r.u32() as Exclude<GgufType, GgufType.Array>;
      const n = r.count();
      const value: GgufScalar[] = new Array(n);
      for (let j = 0; j < n; j++) value[j] = r.scalar(itemType);
      metadata.set(key, { type, itemType, value });
    } else {
      metadata.set(key, { type, value: r.scalar(type) } as GgufValue);
    }
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string();
    const dims = r.u32();
    const shape: number[] = [];
    for (let d = 0; d < dims; d++) shape.push(r.count());
    tensors.push({ name, shape, type: r.u32(), offset: r.u64() });
  }
  return { version, metadata, tensors };
}

/** Reads a whole GGUF file's header; meant for small files such as llama.cpp's vocab-only GGUFs. */
export function readGgufHeader(path: string): GgufHeader {
  return parseGgufHeader(readFileSync(path));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** One tensor to write: `data` yields its bytes in order, `tensorByteSize(type, shape)` of them in all. */
export interface GgufTensorSpec {
  name: string;
  shape: readonly number[];
  type: GgmlType;
  data: () => Iterable<Uint8Array>;
}

const BLOCK = 32;
const BLOCK_BYTES: Record<GgmlType, { elements: number; bytes: number }> = {
  [GgmlType.F32]: { elements: 1, bytes: 4 },
  [GgmlType.F16]: { elements: 1, bytes: 2 },
  [GgmlType.Q4_0]: { elements: BLOCK, bytes: 2 + BLOCK / 2 },
  [GgmlType.Q8_0]: { elements: BLOCK, bytes: 2 + BLOCK },
};

export function tensorByteSize(type: GgmlType, shape: readonly number[]): number {
  const { elements, bytes } = BLOCK_BYTES[type];
  if (shape[0]! % elements !== 0) throw new Error(`row length ${shape[0]} is not a multiple of ${elements}`);
  return (shape.reduce((a, b) => a * b, 1) / elements) * bytes;
}

function align(n: number): number {
  return Math.ceil(n / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
}

/** Serialises growing binary data without knowing its size in advance. */
class ByteSink {
  private chunks: Buffer[] = [];
  private current = Buffer.alloc(1 << 16);
  private used = 0;

  private room(n: number): void {
    if (this.used + n <= this.current.length) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.alloc(Math.max(1 << 16, n));
    this.used = 0;
  }
  u8(v: number): void { this.room(1); this.current.writeUInt8(v, this.used); this.used += 1; }
  i8(v: number): void { this.room(1); this.current.writeInt8(v, this.used); this.used += 1; }
  u16(v: number): void { this.room(2); this.current.writeUInt16LE(v, this.used); this.used += 2; }
  i16(v: number): void { this.room(2); this.current.writeInt16LE(v, this.used); this.used += 2; }
  u32(v: number): void { this.room(4); this.current.writeUInt32LE(v, this.used); this.used += 4; }
  i32(v: number): void { this.room(4); this.current.writeInt32LE(v, this.used); this.used += 4; }
  f32(v: number): void { this.room(4); this.current.writeFloatLE(v, this.used); this.used += 4; }
  f64(v: number): void { this.room(8); this.current.writeDoubleLE(v, this.used); this.used += 8; }
  u64(v: number | bigint): void { this.room(8); this.current.writeBigUInt64LE(BigInt(v), this.used); this.used += 8; }
  i64(v: number | bigint): void { this.room(8); this.current.writeBigInt64LE(BigInt(v), this.used); this.used += 8; }
  bytes(b: Uint8Array): void { this.room(b.length); this.current.set(b, this.used); this.used += b.length; }
  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.bytes(b);
  }
  toBuffer(): Buffer {
    return Buffer.concat([...this.chunks, this.current.subarray(0, this.used)]);
  }
}

function writeScalar(out: ByteSink, type: GgufType, value: GgufScalar): void {
  switch (type) {
    case GgufType.Uint8: return out.u8(Number(value));
    case GgufType.Int8: return out.i8(Number(value));
    case GgufType.Uint16: return out.u16(Number(value));
    case GgufType.Int16: return out.i16(Number(value));
    case GgufType.Uint32: return out.u32(Number(value));
    case GgufType.Int32: return out.i32(Number(value));
    case GgufType.Float32: return out.f32(Number(value));
    case GgufType.Bool: return out.u8(value ? 1 : 0);
    case GgufType.Uint64: return out.u64(value as number | bigint);
    case GgufType.Int64: return out.i64(value as number | bigint);
    case GgufType.Float64: return out.f64(Number(value));
    case GgufType.String: return out.string(String(value));
    default: throw new Error(`cannot write GGUF value type ${type}`);
  }
}

/** The header bytes (up to and including the padding before tensor data) for these metadata and tensors. */
export function ggufHeaderBytes(metadata: GgufMetadata, tensors: readonly GgufTensorSpec[]): Buffer {
  const out = new ByteSink();
  out.u32(MAGIC);
  out.u32(VERSION);
  out.u64(tensors.length);
  out.u64(metadata.size);
  for (const [key, entry] of metadata) {
    out.string(key);
    out.u32(entry.type);
    if (entry.type === GgufType.Array) {
      out.u32(entry.itemType);
      out.u64(entry.value.length);
      for (const item of entry.value) writeScalar(out, entry.itemType, item);
    } else {
      writeScalar(out, entry.type, entry.value);
    }
  }
  let offset = 0;
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.u32(tensor.shape.length);
    for (const dim of tensor.shape) out.u64(dim);
    out.u32(tensor.type);
    out.u64(offset);
    offset = align(offset + tensorByteSize(tensor.type, tensor.shape));
  }
  const header = out.toBuffer();
  return Buffer.concat([header, Buffer.alloc(align(header.length) - header.length)]);
}

/**
 * Writes a GGUF file, streaming tensor data chunk by chunk. It is written under a temporary name and renamed into
 * place, so a crash never leaves a half-written file at `path` for a later run to reuse.
 */
export async function writeGguf(path: string, metadata: GgufMetadata, tensors: readonly GgufTensorSpec[]): Promise<void> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(temp, 'w');
  try {
    let position = 0;
    const put = async (bytes: Uint8Array): Promise<void> => {
      let done = 0;
      while (done < bytes.length) {
        const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    };
    await put(ggufHeaderBytes(metadata, tensors));
    for (const tensor of tensors) {
      const expected = tensorByteSize(tensor.type, tensor.shape);
      let written = 0;
      for (const chunk of tensor.data()) {
        await put(chunk);
        written += chunk.length;
      }
      if (written !== expected) throw new Error(`tensor ${tensor.name}: wrote ${written} bytes, expected ${expected}`);
      const padding = align(written) - written;
      if (padding > 0) await put(new Uint8Array(padding));
    }
    await file.close();
    await rename(temp, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
