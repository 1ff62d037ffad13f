// Settings for external engines and routing, read pure. Every one of them decides where code is sent, so only the
// user's own (global) value is honoured: a repository's workspace settings cannot point Pipit at a server. Their
// package.json entries are `application`-scoped for the same reason; this reader holds even where a host ignores that.
import { ENGINE_KINDS, type EngineKind } from './types';
import { FIM_FAMILIES } from './fimPrompt';
import type { InspectedValue } from '../config/settings';
import { DEFAULT_RULES, REQUEST_KINDS, type RouteRules } from '../routing/types';

export type { InspectedValue };

export interface EngineSettings {
  llamaServer: { endpoint: string };
  ollama: { endpoint: string; model: string; keepAlive: string; fimFormat: string };
  openai: { endpoint: string; model: string; fimFormat: string };
  routing: RouteRules;
  firstTokenBudgetMs: number;
}

/** Keys relative to the `pipit.` section. */
export const ENGINE_KEYS = {
  llamaServerEndpoint: 'engines.llamaServer.endpoint',
  ollamaEndpoint: 'engines.ollama.endpoint',
  ollamaModel: 'engines.ollama.model',
  ollamaKeepAlive: 'engines.ollama.keepAlive',
  ollamaFimFormat: 'engines.ollama.fimFormat',
  openaiEndpoint: 'engines.openai.endpoint',
  openaiModel: 'engines.openai.model',
  openaiFimFormat: 'engines.openai.fimFormat',
  routeSingleLine: 'routing.singleLine',
  routeMultiLine: 'routing.multiLine',
  routeExplain: 'routing.explain',
  firstTokenBudgetMs: 'routing.firstTokenBudgetMs',
} as const;

export const ENGINE_DEFAULTS: Readonly<EngineSettings> = Object.freeze({
  llamaServer: { endpoint: '' },
  ollama: { endpoint: '', model: '', keepAlive: '30m', fimFormat: '' },
  openai: { endpoint: '', model: '', fimFormat: 'qwen2.5-coder' },
  routing: DEFAULT_RULES,
  firstTokenBudgetMs: 1500,
});


export interface EngineSettingsRead {
  settings: EngineSettings;
  /** One line per setting that fell back to its default, or whose workspace value was ignored. */
  problems: string[];
}

export function readEngineSettings(inspect: (key: string) => InspectedValue | undefined): EngineSettingsRead {
  const problems: string[] = [];
  const read = <T>(key: string, fallback: T, valid: (value: unknown) => value is T): T => {
    const inspected = inspect(key);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
      problems.push(`pipit.${key} is set in this workspace's settings and was ignored: where code is sent is set in your user settings only.`);
    }
    const value = inspected?.globalValue;
    if (value === undefined || value === null) return fallback;
    if (valid(value)) return value;
    problems.push(`pipit.${key}: ${JSON.stringify(value)} is not valid; using ${JSON.stringify(fallback)}.`);
    return fallback;
  };
  const text = (value: unknown): value is string => typeof value === 'string';
  const engine = (value: unknown): value is EngineKind => ENGINE_KINDS.includes(value as EngineKind);
  const family = (value: unknown): value is string => value === '' || FIM_FAMILIES.includes(value as string);
  const budget = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 60_000;
  const routeKey = { singleLine: ENGINE_KEYS.routeSingleLine, multiLine: ENGINE_KEYS.routeMultiLine, explain: ENGINE_KEYS.routeExplain };
  const d = ENGINE_DEFAULTS;
  const settings: EngineSettings = {
    llamaServer: { endpoint: read(ENGINE_KEYS.llamaServerEndpoint, d.llamaServer.endpoint, text).trim() },
    ollama: {
      endpoint: read(ENGINE_KEYS.ollamaEndpoint, d.ollama.endpoint, text).trim(),
      model: read(ENGINE_KEYS.ollamaModel, d.ollama.model, text).trim(),
      keepAlive: read(ENGINE_KEYS.ollamaKeepAlive, d.ollama.keepAlive, text).trim(),
      fimFormat: read(ENGINE_KEYS.ollamaFimFormat, d.ollama.fimFormat, family),
    },
    openai: {
      endpoint: read(ENGINE_KEYS.openaiEndpoint, d.openai.endpoint, text).trim(),
      model: read(ENGINE_KEYS.openaiModel, d.openai.model, text).trim(),
      fimFormat: read(ENGINE_KEYS.openaiFimFormat, d.openai.fimFormat, (value): value is string => value === 'suffix' || (family(value) && value !== '')),
    },
    routing: Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, read(routeKey[kind], d.routing[kind], engine)])) as unknown as RouteRules,
    firstTokenBudgetMs: read(ENGINE_KEYS.firstTokenBudgetMs, d.firstTokenBudgetMs, budget),
  };
  return { settings, problems };
}
