// Pipit's settings in one typed place: keys, defaults and validation. Pure; the VS Code facade reads raw values and
// passes them through `readSettings`, so a bad value in settings.json falls back to its default instead of breaking.

import { DEFAULT_CHAT_MAX_TOKENS } from '../engine/chatDefaults';

export const SECTION = 'pipit';

export type MultilineMode = 'auto' | 'always' | 'never';
export type GpuMode = 'auto' | 'off';

export interface Settings {
  enable: boolean;
  /** Per-language switch; `*` is the default for languages not listed. */
  languages: Record<string, boolean>;
  modelPath: string;
  /** A separate chat (instruct) model for Explain Selection, for when the completion model is base-only; '' = none. */
  chatModelPath: string;
  threads: number;
  gpu: GpuMode;
  /** Layers to offload to the GPU; -1 = as many as fit. */
  gpuLayers: number;
  idleUnloadMinutes: number;
  maxTokens: number;
  maxTimeMs: number;
  multiline: MultilineMode;
  prefixTokens: number;
  suffixTokens: number;
  extraContext: boolean;
  extraContextTokens: number;
  prefetch: boolean;
  exclude: string[];
  /** Most tokens of one Explain answer. */
  explainMaxTokens: number;
}

/**
 * Files that never enter a prompt, whatever the settings say: keys, certificates, credentials and the files tools
 * keep their tokens in. A name that merely looks like one (`env.ts`, `keyboard.ts`, `docs/secrets.md`) still enters.
 */
export const ALWAYS_EXCLUDED = [
  '**/.env',
  '**/.env.*',
  '**/.envrc',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/*.keystore',
  '**/*.jks',
  '**/id_rsa*',
  '**/id_ed25519*',
  '**/id_ecdsa*',
  '**/id_dsa*',
  '**/secrets/**',
  '**/.secrets/**',
  // Package registries and git hosts: tokens in plain text.
  '**/.npmrc',
  '**/.yarnrc.yml',
  '**/.netrc',
  '**/_netrc',
  '**/.pypirc',
  '**/.git-credentials',
  // Cloud and cluster credentials.
  '**/.aws/credentials',
  '**/.docker/config.json',
  '**/.kube/config',
  '**/kubeconfig',
  '**/*.kubeconfig',
  '**/kubeconfig.y?(a)ml',
  '**/*.tfvars',
  '**/*.tfvars.json',
];

export const DEFAULTS: Readonly<Settings> = Object.freeze({
  enable: true,
  languages: { '*': true, plaintext: false, markdown: false, scminput: false },
  modelPath: '',
  chatModelPath: '',
  threads: 0,
  gpu: 'auto',
  gpuLayers: -1,
  idleUnloadMinutes: 15,
  maxTokens: 64,
  maxTimeMs: 4000,
  multiline: 'auto',
  prefixTokens: 1024,
  suffixTokens: 256,
  extraContext: true,
  extraContextTokens: 1024,
  prefetch: true,
  exclude: [],
  explainMaxTokens: DEFAULT_CHAT_MAX_TOKENS,
});

/** Setting keys (relative to the `pipit.` section) as they appear in package.json. */
export const KEYS = {
  enable: 'enable',
  languages: 'languages',
  modelPath: 'modelPath',
  chatModelPath: 'chatModelPath',
  threads: 'threads',
  gpu: 'gpu',
  gpuLayers: 'gpuLayers',
  idleUnloadMinutes: 'idleUnloadMinutes',
  maxTokens: 'maxTokens',
  maxTimeMs: 'maxTimeMs',
  multiline: 'multiline',
  prefixTokens: 'context.prefixTokens',
  suffixTokens: 'context.suffixTokens',
  extraContext: 'context.extraFiles',
  extraContextTokens: 'context.extraFilesTokens',
  prefetch: 'prefetch',
  exclude: 'exclude',
  explainMaxTokens: 'explain.maxTokens',
} as const satisfies Record<keyof Settings, string>;

/** Settings that choose what runs or where code goes: only machine-level values are honoured. */
export const MACHINE_ONLY: ReadonlyArray<keyof Settings> = ['modelPath', 'chatModelPath', 'threads', 'gpu', 'gpuLayers', 'idleUnloadMinutes'];

const int = (min: number, max: number) => (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const oneOf = <T extends string>(...allowed: T[]) => (value: unknown): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;
const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value] : undefined;
const boolMap = (value: unknown): Record<string, boolean> | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, on]) => typeof on === 'boolean') ? Object.fromEntries(entries) : undefined;
};

const VALIDATORS: { [K in keyof Settings]: (value: unknown) => Settings[K] | undefined } = {
  enable: bool,
  languages: boolMap,
  modelPath: (value) => (typeof value === 'string' ? value.trim() : undefined),
  chatModelPath: (value) => (typeof value === 'string' ? value.trim() : undefined),
  threads: int(0, 256),
  gpu: oneOf<GpuMode>('auto', 'off'),
  gpuLayers: int(-1, 1000),
  idleUnloadMinutes: int(0, 24 * 60),
  maxTokens: int(1, 1024),
  maxTimeMs: int(100, 60_000),
  multiline: oneOf<MultilineMode>('auto', 'always', 'never'),
  prefixTokens: int(16, 32_768),
  suffixTokens: int(0, 8192),
  extraContext: bool,
  extraContextTokens: int(0, 16_384),
  prefetch: bool,
  exclude: stringList,
  explainMaxTokens: int(16, 8192),
};

export interface SettingsRead {
  settings: Settings;
  /** Human-readable problems, one per setting that fell back to its default. */
  problems: string[];
}

/** What VS Code's `WorkspaceConfiguration.inspect` returns, as far as the readers need it. */
export interface InspectedValue {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * Reads the settings the way the extension must: the machine-only ones from the user's own (global) value alone,
 * whatever the workspace says and whether or not the host honours their `machine` scope; the others as VS Code
 * resolves them (`get`, which includes language overrides). Says which workspace values were ignored.
 */
export function readUserSettings(get: (key: string) => unknown, inspect: (key: string) => InspectedValue | undefined): SettingsRead {
  const machineKeys = new Set<string>(MACHINE_ONLY.map((name) => KEYS[name]));
  const ignored: string[] = [];
  const read = readSettings((key) => {
    if (!machineKeys.has(key)) return get(key);
    // What runs is decided on this machine only: a repository's workspace settings could otherwise point Pipit at a
    // model file of its choosing (llama.cpp's GGUF parser would read it) or starve the machine of threads.
    const inspected = inspect(key);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
      ignored.push(`${SECTION}.${key} is set in this workspace's settings and was ignored: it is read from your user settings only.`);
    }
    return inspected?.globalValue;
  });
  return { settings: read.settings, problems: [...ignored, ...read.problems] };
}

/** Validates raw values (undefined = not set) and falls back to defaults, saying which settings were wrong. */
export function readSettings(raw: (key: string) => unknown): SettingsRead {
  const problems: string[] = [];
  const settings = { ...DEFAULTS } as Settings;
  for (const name of Object.keys(KEYS) as (keyof Settings)[]) {
    const value = raw(KEYS[name]);
    if (value === undefined || value === null) continue;
    const valid = VALIDATORS[name](value);
    if (valid === undefined) {
      problems.push(`${SECTION}.${KEYS[name]}: ${JSON.stringify(value)} is not valid; using ${JSON.stringify(DEFAULTS[name])}.`);
    } else {
      (settings as unknown as Record<string, unknown>)[name] = valid;
    }
  }
  if (settings.languages['*'] === undefined) settings.languages = { ...settings.languages, '*': true };
  return { settings, problems };
}

/** Whether completion is on for a language, per `pipit.languages`. */
export function isLanguageEnabled(settings: Settings, languageId: string): boolean {
  return settings.languages[languageId] ?? settings.languages['*'] ?? true;
}
