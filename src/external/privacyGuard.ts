// Decisions of the privacy guard, pure: which configured endpoints need the user's consent (every one that is not
// this machine: a host on the local network or behind carrier-grade NAT is another machine too), the words of that
// question, whether an API key may travel to an endpoint, and what the status bar says while code leaves the
// machine. The VS Code side asks, stores consent per origin (scheme, host and port) in globalState, and shows the flag.
import { parseEndpoint, type ParsedEndpoint } from './endpoint';
import { ENGINE_LABELS, type EngineKind } from './types';

export interface ConsentNeeded {
  host: string;
  /** Scheme, host and port: consent is remembered for exactly this, so a changed endpoint asks again. */
  origin: string;
  endpoint: string;
  engine: string;
  reach: ParsedEndpoint['reach'];
}

/** Consent is asked for every endpoint that is not loopback, and remembered per origin. */
function needsConsent(endpoint: ParsedEndpoint, confirmedOrigins: ReadonlySet<string>): boolean {
  return endpoint.reach !== 'loopback' && !confirmedOrigins.has(endpoint.origin);
}

export function consentQuestion(need: ConsentNeeded): string {
  const where = need.reach === 'private' ? `another machine on your network, ${need.host}` : need.host;
  return (
    `Code you edit will be sent to ${where} (${need.engine} at ${need.endpoint}) for suggestions. ` +
    `That machine is not this one: only continue if you trust ${need.origin} with your code. ` +
    'Pipit asks again if the endpoint changes.'
  );
}

export const CONSENT_ALLOW = 'Send Code to This Host';

/** The consent each configured engine still needs, in a fixed order. Invalid endpoints are left to the client's error. */
export function pendingConsents(
  endpoints: Partial<Record<Exclude<EngineKind, 'builtin'>, string>>,
  confirmedOrigins: ReadonlySet<string>,
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
    if (needsConsent(parsed, confirmedOrigins) && !pending.some((need) => need.origin === parsed.origin)) {
      pending.push({ host: parsed.host, origin: parsed.origin, endpoint: parsed.base, engine: ENGINE_LABELS[kind], reach: parsed.reach });
    }
  }
  return pending;
}

/**
 * Why an API key must not go to this endpoint, or undefined when it may: over plain http:// anyone on the path
 * (the café's Wi-Fi, the LAN) reads it, so a key travels in clear text only to this machine.
 */
export function keyTransportProblem(endpoint: string, label: string): string | undefined {
  let parsed: ParsedEndpoint;
  try {
    parsed = parseEndpoint(endpoint);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'https:' || parsed.reach === 'loopback') return undefined;
  return (
    `Pipit does not send the API key for ${label} to ${parsed.base}: over plain http:// anyone on the network between ` +
    'here and that host can read it. Use an https:// endpoint, or remove the key with "Pipit: Set Engine API Key" ' +
    '(leave it empty) if that server needs none.'
  );
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
