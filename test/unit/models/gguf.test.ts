// The GGUF writer and reader the test models are built with: what one writes the other (and llama.cpp) reads back.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GGUF_ALIGNMENT, GgmlType, GgufType, type GgufMetadata, kv, parseGgufHeader, tensorByteSize, writeGguf } from '../../models/gguf';
import { f16Bits, f32Tensor, q8Tensor } from '../../models/tensorData';

describe('gguf', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipit-gguf-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back every metadata type and tensor info it writes, with tensor data aligned', async () => {
    const metadata: GgufMetadata = new Map([
      ['a.u8', { type: GgufType.Uint8, value: 200 }],
      ['a.i8', { type: GgufType.Int8, value: -5 }],
      ['a.u16', { type: GgufType.Uint16, value: 60000 }],
      ['a.i16', { type: GgufType.Int16, value: -300 }],
      ['a.u32', kv.u32(4_000_000_000)],
      ['a.i32', kv.i32(-7)],
      ['a.f32', kv.f32(0.5)],
      ['a.bool', kv.bool(true)],
      ['a.str', kv.str('<｜fim▁hole｜>')],
      ['a.u64', { type: GgufType.Uint64, value: 2n ** 40n }],
      ['a.i64', { type: GgufType.Int64, value: -(2n ** 40n) }],
      ['a.f64', { type: GgufType.Float64, value: 1e-300 }],
      ['a.strings', kv.strings(['x', 'ÿ', ''])],
      ['a.ints', kv.i32s([1, -2, 3])],
    ]);
    const values = new Float32Array([1, 2, 3]);
    const path = join(dir, 'm.gguf');
    await writeGguf(path, metadata, [
      f32Tensor('small', [3], values),
      q8Tensor('quantised', [64, 2], (row, out) => out.fill(row + 1)),
    ]);
    const file = readFileSync(path);
    const header = parseGgufHeader(file);
    assert.equal(header.version, 3);
    assert.deepEqual(header.metadata, metadata);
    assert.deepEqual(header.tensors.map(({ name, shape, type }) => ({ name, shape, type })), [
      { name: 'small', shape: [3], type: GgmlType.F32 },
      { name: 'quantised', shape: [64, 2], type: GgmlType.Q8_0 },
    ]);
    // Data: 12 bytes of F32 padded to 32, then 136 bytes of Q8_0 padded to 160.
    assert.equal(tensorByteSize(GgmlType.Q8_0, [64, 2]), 136);
    const dataStart = file.length - 32 - 160;
    assert.equal(dataStart % GGUF_ALIGNMENT, 0);
    assert.equal(header.tensors[1]!.offset, 32n);
    assert.deepEqual([...new Float32Array(file.buffer.slice(file.byteOffset + dataStart, file.byteOffset + dataStart + 12))], [1, 2, 3]);
  });

  it('leaves no file behind, whole or partial, when writing fails midway', async () => {
    const path = join(dir, 'broken.gguf');
    const failing = { name: 'x', shape: [32], type: GgmlType.F32, data: function* () { yield new Uint8Array(64); throw new Error('disk on fire'); } };
    await assert.rejects(writeGguf(path, new Map(), [failing]), /disk on fire/);
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses tensor data of the wrong size', async () => {
    const short = { name: 'x', shape: [32], type: GgmlType.F32, data: () => [new Uint8Array(4)] };
    await assert.rejects(writeGguf(join(dir, 'short.gguf'), new Map(), [short]), /wrote 4 bytes, expected 128/);
  });

  it('converts to half precision with correct rounding, subnormals and overflow', () => {
    assert.equal(f16Bits(1), 0x3c00);
    assert.equal(f16Bits(-2), 0xc000);
    assert.equal(f16Bits(65504), 0x7bff);
    assert.equal(f16Bits(70000), 0x7c00);
    assert.equal(f16Bits(2 ** -24), 0x0001);
    assert.equal(f16Bits(1 / 3), 0x3555);
    assert.equal(f16Bits(0), 0);
  });
});
