// What the extension exports from activate(): read-only views for the integration tests and for other extensions.
import type { PipelineCounters, RequestRecord } from '../completion/types';
import type { EngineStatus, InfillRequest, LoadRequest } from '../engine/types';
import type { ExplanationRecord } from '../explain/recordedChat';
import type { RouteDecision } from '../routing/types';

/** What the extension exports: read-only views for the integration tests and for other extensions. */
export interface PipitApi {
  readonly engineStatus: EngineStatus;
  readonly counters: Readonly<PipelineCounters>;
  readonly enginePid: number | undefined;
  /** The status bar item's text and tooltip. */
  readonly statusBar: { text: string; tooltip: string };
  /** Which engine answered each recent request (newest last, at most 50), and whether code left the machine. */
  readonly routes: readonly RouteDecision[];
  /** What each recent explanation did (newest last, at most 20): how much streamed, which engine answered. */
  readonly explanations: readonly ExplanationRecord[];
  /** The model the built-in engine is asked to run now, as the settings and the environment make it. */
  readonly modelRequest: LoadRequest | undefined;
  /** How long the built-in engine waits, idle, before it gives the model's memory back (0: never). */
  readonly idleUnloadMs: number;
  /** What each recent completion request did (newest last, at most 50): outcome, skip reason, engine requests. */
  readonly requests: readonly RequestRecord[];
  /** The recent completion requests sent to an engine (newest last, at most 20): prompt, limits, stops, sampling. */
  readonly engineRequests: readonly InfillRequest[];
  /** The engines set up now: the built-in one and each configured external one, with its endpoint and route. */
  readonly engines: readonly { kind: string; endpoint?: string; completionRoute: string }[];
}
