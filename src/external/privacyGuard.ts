// Decisions of the privacy guard, pure: which configured endpoints need the user's one-time consent (any host that is
// neither loopback nor a private address), the words of that question, and what the status bar says while code
// leaves the machine. The VS Code side asks, stores consent per host in globalState, and shows the flag.
import { parseEndpoint, type ParsedEndpoint } from './endpoint';
import { ENGINE_LABELS, type EngineKind } from './types';

export interface ConsentNeeded {
  host: string;
  endpoint: string;
  engine: string;
}

/** Consent is asked for hosts outside this machine and its private networks; it is remembered per host. */
export function needsConsent(endpoint: ParsedEndpoint, confirmedHosts: ReadonlySet<string>): boolean {
  return endpoint.reach === 'remote' && !confirmedHosts.has(endpoint.host);
}

export function consentQuestion(need: ConsentNeeded): string {
  return (
    `Code you edit will be sent to ${need.host} (${need.engine} at ${need.endpoint}) for suggestions. ` +
    `That machine is not yours alone to Pipit's knowledge: only continue if you trust ${need.host} with your code.`
  );
}

export const CONSENT_ALLOW = 'Send Code to This Host';

/** The consent each configured engine still needs, in a fixed order. Invalid endpoints are left to the client's error. */
export function pendingConsents(
  endpoints: Partial<Record<Exclude<EngineKind, 'builtin'>, string>>,
  confirmedHosts: ReadonlySet<string>,
): ConsentNeeded[] {
  const pending: ConsentNeeded[] = [];
  for (const [kind, endpoint] of Object.entries(endpoints) as [Exclude<EngineKind, 'builtin'>, string][]) {
    if (!endpoint) continue;
    let parsed: ParsedEndpoint;
    try {
      parsed = parseEndpoint(endpoint);
    } catch {
      continue;
    }
    if (needsConsent(parsed, confirmedHosts) && !pending.some((need) => need.host === parsed.host)) {
      pending.push({ host: parsed.host, endpoint: parsed.base, engine: ENGINE_LABELS[kind] });
    }
  }
  return pending;
}

export interface LeavingView {
  /** True while the last answer came from an engine off this machine. */
  leaves: boolean;
  /** Appended to the status bar text. */
  text: string;
  /** A line for the status bar tooltip. */
  tooltip: string;
}

/** What the status bar adds about where code went: nothing on this machine, a cloud icon and the host otherwise. */
export function leavingView(answeredBy: EngineKind, endpoint: string | undefined): LeavingView {
  if (answeredBy === 'builtin' || !endpoint) return { leaves: false, text: '', tooltip: `Answered on this machine (${ENGINE_LABELS[answeredBy]}).` };
  let parsed: ParsedEndpoint;
  try {
    parsed = parseEndpoint(endpoint);
  } catch {
    return { leaves: true, text: ' $(cloud-upload)', tooltip: `Code is sent to ${endpoint}.` };
  }
  if (parsed.reach === 'loopback') return { leaves: false, text: '', tooltip: `Answered on this machine (${ENGINE_LABELS[answeredBy]} at ${parsed.base}).` };
  return {
    leaves: true,
    text: ` $(cloud-upload) ${parsed.host}`,
    tooltip: `Code leaves this machine: sent to ${parsed.host} (${ENGINE_LABELS[answeredBy]}${parsed.reach === 'private' ? ', local network' : ''}).`,
  };
}
