// The catalog as data: every entry can be downloaded, stored and described without surprises.
import * as assert from 'node:assert/strict';
import { CATALOG, formatBytes } from '../../../src/catalog/catalog';
import { CHAT_MODELS } from '../../../src/catalog/chatModels';
import { recommendModel } from '../../../src/catalog/machineFit';
import { isOffered } from '../../../src/catalog/verifiedDownload';

const GB = 1024 ** 3;
const findEntry = (id: string) => CATALOG.find((entry) => entry.id === id);

describe('catalog', () => {
  it('has the models the issue names: Qwen2.5-Coder 0.5B/1.5B/3B/7B, DeepSeek-Coder 1.3B, StarCoder2 3B, CodeGemma 2B', () => {
    const names = new Set(CATALOG.map((entry) => entry.label));
    for (const name of ['Qwen2.5-Coder 0.5B', 'Qwen2.5-Coder 1.5B', 'Qwen2.5-Coder 3B', 'Qwen2.5-Coder 7B', 'DeepSeek-Coder 1.3B', 'StarCoder2 3B', 'CodeGemma 2B']) {
      assert.ok(names.has(name), `${name} is missing`);
    }
  });

  it('gives every entry a unique id and file name (two entries must never overwrite each other on disk)', () => {
    assert.equal(new Set(CATALOG.map((entry) => entry.id)).size, CATALOG.length);
    assert.equal(new Set(CATALOG.map((entry) => entry.fileName.toLowerCase())).size, CATALOG.length);
  });

  it('downloads only GGUF files over HTTPS from Hugging Face, named as stored', () => {
    for (const entry of CATALOG) {
      const url = new URL(entry.url);
      assert.equal(url.protocol, 'https:', entry.id);
      assert.equal(url.host, 'huggingface.co', entry.id);
      assert.match(url.pathname, /^\/[^/]+\/[^/]+\/resolve\/[^/]+\/[^/]+\.gguf$/, entry.id);
      assert.equal(url.pathname.split('/').pop(), entry.fileName, entry.id);
      assert.match(entry.fileName, /^[\w.-]+\.gguf$/, `${entry.id}: file name must be safe on every OS`);
    }
  });

  it('pins every downloadable entry to a commit, the recommended small-machine model included, and says why any other is not offered', () => {
    const offered = CATALOG.filter((entry) => isOffered(entry.url));
    for (const entry of CATALOG) {
      const revision = entry.url.split('/resolve/')[1]!.split('/')[0]!;
      if (isOffered(entry.url)) assert.match(revision, /^[0-9a-f]{40}$/, entry.id);
      else assert.match(entry.note ?? '', /^Not offered for download: .*no commit id/, `${entry.id} follows ${revision}`);
      if (entry.chat) assert.ok(isOffered(entry.chat.url) && entry.chat.sha256, `${entry.id}: its chat model is pinned and checked`);
    }
    assert.ok(isOffered(findEntry('qwen2.5-coder-0.5b-q8_0')!.url), 'the 0.5B model recommended for small machines is pinned');
    for (const cores of [2, 4, 16]) {
      for (const vram of [0, 8, 24]) {
        const { entry } = recommendModel({ totalRamBytes: 16 * GB, freeRamBytes: 8 * GB, cpuCores: cores, vramBytes: vram * GB });
        assert.ok(offered.includes(entry), `recommended ${entry.id} is offered`);
      }
    }
  });

  it('publishes checksums as lowercase SHA-256, and explains every entry that has none or an estimated size', () => {
    for (const entry of CATALOG) {
      if (entry.sha256 !== undefined) assert.match(entry.sha256, /^[0-9a-f]{64}$/, entry.id);
      if (entry.sha256 === undefined || !entry.sizeConfirmed) assert.ok(entry.note, `${entry.id} needs a note saying what is unconfirmed`);
      if (entry.chat?.sha256 !== undefined) assert.match(entry.chat.sha256, /^[0-9a-f]{64}$/, `${entry.id} chat`);
    }
  });

  it('needs more memory than the file itself, and pairs every model with a chat model for Explain', () => {
    for (const entry of CATALOG) {
      assert.ok(entry.memoryBytes > entry.sizeBytes, entry.id);
      assert.ok(entry.chat && /instruct/i.test(entry.chat.label), `${entry.id} needs an instruct model for explaining`);
      assert.ok(entry.fim, `${entry.id}: the catalog only offers fill-in-the-middle models`);
    }
  });

  it('offers every chat pair and a general small language model for Explain, each pinned, checked and stored under its own name', () => {
    for (const entry of CATALOG) assert.ok(entry.chat && CHAT_MODELS.includes(entry.chat), `${entry.id}: its pair is listed for Explain`);
    assert.ok(CHAT_MODELS.some((model) => model.general && /^Qwen2\.5 1\.5B Instruct/.test(model.label)), 'a general SLM is offered');
    const names = new Set([...CATALOG, ...CHAT_MODELS].map((file) => file.fileName.toLowerCase()));
    assert.equal(names.size, CATALOG.length + CHAT_MODELS.length, 'no two files share a name on disk');
    for (const model of CHAT_MODELS) {
      assert.ok(isOffered(model.url), model.id);
      assert.equal(new URL(model.url).pathname.split('/').pop(), model.fileName, model.id);
      assert.match(model.sha256 ?? '', /^[0-9a-f]{64}$/, model.id);
      assert.ok(model.memoryBytes > model.sizeBytes, model.id);
    }
  });

  it('marks the Qwen2.5-Coder 3B licence as restricted (non-commercial), unlike its siblings', () => {
    assert.equal(findEntry('qwen2.5-coder-3b-q8_0')?.restrictedLicence, true);
    assert.equal(findEntry('qwen2.5-coder-1.5b-q8_0')?.licence, 'Apache-2.0');
  });

  it('formats sizes the way download dialogs do', () => {
    assert.equal(formatBytes(531_068_128), '531 MB');
    assert.equal(formatBytes(1_646_573_056), '1.6 GB');
    assert.equal(formatBytes(8_098_525_600), '8.1 GB');
    assert.equal(formatBytes(12_000), '12 KB');
  });
});
