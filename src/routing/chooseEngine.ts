// The routing rule itself, pure: the engine a request kind goes to, given which engines exist and which are down.
import type { EngineKind } from '../external/types';
import type { FallbackReason, RequestKind, RouteRules } from './types';

export interface EngineAvailability {
  configured(kind: EngineKind): boolean;
  /** Whether the engine failed recently and is still cooling down. */
  down(kind: EngineKind): boolean;
}

export interface Choice {
  wanted: EngineKind;
  engine: EngineKind;
  fallback?: FallbackReason;
}

export function chooseEngine(kind: RequestKind, rules: RouteRules, availability: EngineAvailability): Choice {
  const wanted = rules[kind];
  if (wanted === 'builtin') return { wanted, engine: wanted };
  if (!availability.configured(wanted)) return { wanted, engine: 'builtin', fallback: 'notConfigured' };
  if (availability.down(wanted)) return { wanted, engine: 'builtin', fallback: 'down' };
  return { wanted, engine: wanted };
}
