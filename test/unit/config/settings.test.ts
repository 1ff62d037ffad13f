import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelRequest } from '../../../src/config/modelRequest';
import { DEFAULTS, KEYS, MACHINE_ONLY, SECTION, isLanguageEnabled, readSettings } from '../../../src/config/settings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const contributed: Record<string, { default: unknown; scope: string; description?: string; markdownDescription?: string }> =
  pkg.contributes.configuration.properties;

describe('settings', () => {
  it('falls back to defaults on bad values and says which setting was wrong', () => {
    const raw: Record<string, unknown> = { maxTokens: -3, multiline: 'sometimes', threads: 4, 'context.prefixTokens': '900' };
    const { settings, problems } = readSettings((key) => raw[key]);
    assert.equal(settings.maxTokens, DEFAULTS.maxTokens);
    assert.equal(settings.multiline, 'auto');
    assert.equal(settings.threads, 4);
    assert.equal(settings.prefixTokens, DEFAULTS.prefixTokens);
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /pipit\.maxTokens: -3 is not valid/);
    assert.match(problems.join('\n'), /pipit\.context\.prefixTokens/);
  });

  it('uses the per-language map with `*` as the fallback', () => {
    const { settings } = readSettings((key) => (key === 'languages' ? { python: false } : undefined));
    assert.equal(isLanguageEnabled(settings, 'python'), false);
    assert.equal(isLanguageEnabled(settings, 'typescript'), true);
    assert.equal(isLanguageEnabled(readSettings(() => undefined).settings, 'plaintext'), false);
  });

  it('contributes every setting in package.json with the same default and a description', () => {
    for (const name of Object.keys(KEYS) as (keyof typeof KEYS)[]) {
      const entry = contributed[`${SECTION}.${KEYS[name]}`];
      assert.ok(entry, `pipit.${KEYS[name]} is not contributed`);
      assert.deepEqual(entry.default, DEFAULTS[name], `default of pipit.${KEYS[name]}`);
      assert.ok(entry.description ?? entry.markdownDescription, `pipit.${KEYS[name]} has no description`);
    }
    // Engine endpoints and routing are read by src/external/engineSettings.ts (and tested there).
    const known = new Set(Object.values(KEYS).map((key) => `${SECTION}.${key}`));
    const unknown = Object.keys(contributed).filter((key) => !known.has(key) && !/^pipit\.(engines|routing)\./.test(key));
    assert.deepEqual(unknown, [], 'package.json contributes settings nobody reads');
  });

  it('lets no workspace choose the model, threads or GPU: those settings are machine-scoped', () => {
    for (const name of MACHINE_ONLY) assert.equal(contributed[`${SECTION}.${KEYS[name]}`]!.scope, 'machine', name);
  });
});

describe('model request from settings', () => {
  it('passes GPU layers only when the user set a number, and lets the environment choose the model', () => {
    const base = readSettings((key) => ({ modelPath: '/models/a.gguf', gpuLayers: 12 } as Record<string, unknown>)[key]).settings;
    assert.deepEqual(modelRequest(base, {}), { modelPath: '/models/a.gguf', gpu: 'auto', threads: 0, gpuLayers: 12, contextSize: 4096 });
    const auto = readSettings((key) => (key === 'modelPath' ? '/models/a.gguf' : undefined)).settings;
    assert.equal(modelRequest(auto, {})?.gpuLayers, undefined);
    assert.equal(modelRequest(auto, { PIPIT_MODEL_PATH: '/tmp/b.gguf' })?.modelPath, '/tmp/b.gguf');
    assert.equal(modelRequest(readSettings(() => undefined).settings, {}), undefined);
  });
});

describe('chat model request from settings', () => {
  it('passes the chat model only when one is set, and lets PIPIT_CHAT_MODEL_PATH choose it', () => {
    const settingsWith = (raw: Record<string, unknown>) => readSettings((key) => raw[key]).settings;
    const plain = settingsWith({ modelPath: '/models/base.gguf' });
    assert.equal(plain.chatModelPath, '');
    assert.equal('chatModelPath' in modelRequest(plain, {})!, false);
    const paired = settingsWith({ modelPath: '/models/base.gguf', chatModelPath: ' /models/instruct.gguf ' });
    assert.equal(modelRequest(paired, {})?.chatModelPath, '/models/instruct.gguf');
    assert.equal(modelRequest(paired, { PIPIT_CHAT_MODEL_PATH: '/tmp/chat.gguf' })?.chatModelPath, '/tmp/chat.gguf');
    assert.equal(modelRequest(plain, { PIPIT_CHAT_MODEL_PATH: '/tmp/chat.gguf' })?.chatModelPath, '/tmp/chat.gguf');
    // A chat model alone is not a completion model: without one nothing loads.
    assert.equal(modelRequest(settingsWith({ chatModelPath: '/models/instruct.gguf' }), {}), undefined);
  });

  it('keeps the chat model machine-scoped like the completion model', () => {
    assert.ok(MACHINE_ONLY.includes('chatModelPath'));
    assert.equal(readSettings((key) => (key === 'chatModelPath' ? 42 : undefined)).problems.length, 1);
  });
});
