// The default model follows the machine: what fits its memory, and what its CPU can run quickly enough.
import * as assert from 'node:assert/strict';
import { CATALOG } from '../../../src/catalog/catalog';
import { describeMachine, fitOf, recommendModel, usableVram } from '../../../src/catalog/machineFit';
import type { MachineInfo } from '../../../src/catalog/types';

const GB = 1024 ** 3;
const machine = (totalGb: number, cores: number, vramGb = 0, freeGb = totalGb / 2): MachineInfo => ({
  totalRamBytes: totalGb * GB,
  freeRamBytes: freeGb * GB,
  vramBytes: vramGb * GB,
  cpuCores: cores,
});

describe('recommendModel', () => {
  it('recommends Qwen2.5-Coder 1.5B on an ordinary laptop without a GPU', () => {
    assert.equal(recommendModel(machine(16, 8)).entry.id, 'qwen2.5-coder-1.5b-q8_0');
  });

  it('recommends the 0.5B on a 2-core machine, where the 1.5B takes ~10 s per fresh prompt', () => {
    const { entry, reason } = recommendModel(machine(24, 2));
    assert.equal(entry.id, 'qwen2.5-coder-0.5b-q8_0');
    assert.match(reason, /2 CPU cores/);
  });

  it('recommends the 0.5B when memory is short, even with many cores', () => {
    assert.equal(recommendModel(machine(4, 8, 0, 1)).entry.id, 'qwen2.5-coder-0.5b-q8_0');
  });

  it('never recommends more than 1.5B on the CPU, however much RAM there is', () => {
    assert.equal(recommendModel(machine(128, 32)).entry.id, 'qwen2.5-coder-1.5b-q8_0');
  });

  it('recommends the 7B when the GPU has room for it', () => {
    const { entry, reason } = recommendModel(machine(32, 8, 12));
    assert.equal(entry.id, 'qwen2.5-coder-7b-q8_0');
    assert.match(reason, /GPU/);
  });

  it('falls back to the 1.5B on a GPU too small for the 7B', () => {
    assert.equal(recommendModel(machine(16, 8, 4)).entry.id, 'qwen2.5-coder-1.5b-q8_0');
  });

  it('never recommends a model with a restricted licence or without a published checksum', () => {
    for (const candidate of [machine(4, 2), machine(16, 8), machine(64, 16, 24), machine(8, 4, 6)]) {
      const { entry } = recommendModel(candidate);
      assert.equal(entry.restrictedLicence, false);
      assert.ok(entry.sha256);
    }
  });

  it('still names a model on a machine too small for any, and says so', () => {
    const { entry, reason } = recommendModel(machine(1, 1, 0, 0.2));
    assert.equal(entry.id, 'qwen2.5-coder-0.5b-q8_0');
    assert.match(reason, /short of memory/);
  });
});

describe('fitOf', () => {
  it('marks what fits in GPU memory, in the RAM budget, or not at all', () => {
    const sevenB = CATALOG.find((entry) => entry.id === 'qwen2.5-coder-7b-q8_0')!;
    assert.equal(fitOf(sevenB, machine(32, 8, 12)), 'gpu');
    assert.equal(fitOf(sevenB, machine(32, 8)), 'cpu');
    assert.equal(fitOf(sevenB, machine(8, 8)), 'no');
  });

  it('lets an 8 GB machine run every small model but not the 7B', () => {
    const fitting = CATALOG.filter((entry) => fitOf(entry, machine(8, 4)) !== 'no').map((entry) => entry.params);
    assert.ok(fitting.includes(1.5) && fitting.includes(0.5));
    assert.ok(!fitting.includes(7));
  });
});

describe('measured GPU memory', () => {
  it('is what was free less the room llama.cpp keeps for the driver (8% of the total, at most 1.6 GB)', () => {
    assert.equal(usableVram({ vramTotalBytes: 8 * GB, vramFreeBytes: 7 * GB }), 7 * GB - 0.64 * GB);
    assert.equal(usableVram({ vramTotalBytes: 80 * GB, vramFreeBytes: 79 * GB }), 79 * GB - 1.6 * GB);
    assert.equal(usableVram({ vramTotalBytes: 2 * GB, vramFreeBytes: 0 }), 0);
  });

  it('moves the recommendation to the GPU, and the reason names the GPU', () => {
    const gpu = { vramTotalBytes: 12 * GB, vramFreeBytes: 11.5 * GB };
    const { entry, reason } = recommendModel({ ...machine(32, 8), vramBytes: usableVram(gpu), gpuName: 'NVIDIA GeForce RTX 3060' });
    assert.equal(entry.id, 'qwen2.5-coder-7b-q8_0');
    assert.match(reason, /11 GB free GPU memory \(NVIDIA GeForce RTX 3060\)/);
  });

  it('says no GPU when none was measured', () => {
    assert.match(describeMachine(machine(16, 8)), /no GPU/);
  });
});
