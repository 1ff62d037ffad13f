// A repository cannot choose what Pipit runs or where code goes: not through the environment it may set for the
// editor (direnv's .envrc with `code .`), and not through its workspace settings, whatever scope VS Code applies.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelEnvironment, modelRequest } from '../../../src/config/modelRequest';
import { DEFAULTS, KEYS, MACHINE_ONLY, SECTION, readSettings, readUserSettings, type InspectedValue, type Settings } from '../../../src/config/settings';
import { ENGINE_DEFAULTS, ENGINE_KEYS, readEngineSettings } from '../../../src/external/engineSettings';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const contributed: Record<string, { scope?: string }> = pkg.contributes.configuration.properties;
const SCOPED = Object.keys(contributed).filter((key) => ['machine', 'application', 'machine-overridable'].includes(contributed[key]!.scope ?? ''));

/** A valid value of each scoped setting that a hostile repository would like Pipit to use. */
const HOSTILE: Record<string, unknown> = {
  'pipit.modelPath': '/repo/evil.gguf',
  'pipit.chatModelPath': '/repo/evil-chat.gguf',
  'pipit.threads': 1,
  'pipit.gpu': 'off',
  'pipit.gpuLayers': 0,
  'pipit.idleUnloadMinutes': 0,
  'pipit.engines.llamaServer.endpoint': 'https://collector.example.com',
  'pipit.engines.ollama.endpoint': 'http://192.168.1.66:11434',
  'pipit.engines.ollama.model': 'collector',
  'pipit.engines.ollama.keepAlive': '0',
  'pipit.engines.ollama.fimFormat': 'codestral',
  'pipit.engines.openai.endpoint': 'https://api.collector.example.com/v1',
  'pipit.engines.openai.model': 'collector',
  'pipit.engines.openai.fimFormat': 'suffix',
  'pipit.routing.singleLine': 'openai',
  'pipit.routing.multiLine': 'openai',
  'pipit.routing.explain': 'openai',
  'pipit.routing.firstTokenBudgetMs': 60_000,
};

const settingName = (key: string) => (Object.keys(KEYS) as (keyof Settings)[]).find((name) => `${SECTION}.${KEYS[name]}` === key);

describe('a repository cannot choose the model', () => {
  it('an installed Pipit ignores PIPIT_MODEL_PATH and PIPIT_CHAT_MODEL_PATH from the environment', () => {
    const settings = readSettings((key) => ({ modelPath: '/home/ana/models/mine.gguf' } as Record<string, unknown>)[key]).settings;
    const env = { PIPIT_MODEL_PATH: '/repo/evil.gguf', PIPIT_CHAT_MODEL_PATH: '/repo/evil-chat.gguf', PATH: '/usr/bin' };
    const installed = modelEnvironment(env, 'production');
    assert.deepEqual(installed.ignored, ['PIPIT_MODEL_PATH', 'PIPIT_CHAT_MODEL_PATH']);
    assert.equal(installed.env.PATH, '/usr/bin', 'the rest of the environment is kept');
    assert.deepEqual(modelRequest(settings, installed.env), { modelPath: '/home/ana/models/mine.gguf', gpu: 'auto', threads: 0, contextSize: 4096 });
    assert.equal(modelRequest(readSettings(() => undefined).settings, installed.env), undefined, 'no model at all rather than the repository\'s');
    assert.equal(env.PIPIT_MODEL_PATH, '/repo/evil.gguf', 'the process environment itself is not changed');
  });

  it('honours them when Pipit runs from source or under its tests (npm start, the test harness)', () => {
    const settings = readSettings(() => undefined).settings;
    for (const mode of ['development', 'test'] as const) {
      const { env, ignored } = modelEnvironment({ PIPIT_MODEL_PATH: '/tmp/test.gguf', PIPIT_CHAT_MODEL_PATH: '/tmp/chat.gguf' }, mode);
      assert.deepEqual(ignored, []);
      assert.deepEqual(modelRequest(settings, env), { modelPath: '/tmp/test.gguf', gpu: 'auto', threads: 0, chatModelPath: '/tmp/chat.gguf', contextSize: 4096 });
    }
  });

  it('knows a hostile value for every machine- or application-scoped setting in package.json', () => {
    assert.deepEqual(SCOPED.filter((key) => !(key in HOSTILE)), [], 'add the new scoped setting to HOSTILE');
    const guarded = new Set([...MACHINE_ONLY.map((name) => `${SECTION}.${KEYS[name]}`), ...Object.values(ENGINE_KEYS).map((key) => `${SECTION}.${key}`)]);
    assert.deepEqual(SCOPED.filter((key) => !guarded.has(key)), [], 'a scoped setting that neither reader guards');
  });

  for (const where of ['workspaceValue', 'workspaceFolderValue'] as const) {
    it(`ignores the ${where} of every machine- or application-scoped setting, even where the host passes it through`, () => {
      const inspect = (key: string): InspectedValue | undefined => {
        const full = `${SECTION}.${key}`;
        return full in HOSTILE ? { [where]: HOSTILE[full] } : undefined;
      };
      // A host that ignored the scope would hand the workspace value out as the effective one.
      const get = (key: string) => HOSTILE[`${SECTION}.${key}`];
      const pipit = readUserSettings(get, inspect);
      const engines = readEngineSettings(inspect);
      for (const key of SCOPED) {
        const name = settingName(key);
        if (name) {
          assert.deepEqual(pipit.settings[name], DEFAULTS[name], key);
          assert.ok(pipit.problems.some((problem) => problem.startsWith(`${key} is set in this workspace's settings and was ignored`)), `${key}: the log says so`);
        } else {
          assert.ok(engines.problems.some((problem) => problem.startsWith(`${key} is set in this workspace's settings and was ignored`)), key);
        }
      }
      assert.deepEqual(engines.settings, { ...ENGINE_DEFAULTS, routing: { ...ENGINE_DEFAULTS.routing } });
      assert.equal(modelRequest(pipit.settings, {}), undefined);
    });
  }

  it("still takes the user's own (global) value of each of them", () => {
    const inspect = (key: string): InspectedValue | undefined => {
      const full = `${SECTION}.${key}`;
      return full in HOSTILE ? { globalValue: HOSTILE[full], workspaceValue: 'ignored' } : undefined;
    };
    const pipit = readUserSettings(() => undefined, inspect);
    for (const name of MACHINE_ONLY) assert.deepEqual(pipit.settings[name], HOSTILE[`${SECTION}.${KEYS[name]}`], name);
    assert.equal(readEngineSettings(inspect).settings.openai.endpoint, 'https://api.collector.example.com/v1');
  });
});
