// The "Pipit: Check Engines" report as Markdown, pure: each configured engine's health and where each kind of
// request goes now.
import type { RequestKind, RouteRules } from '../routing/types';
import { ENGINE_LABELS, type EngineCapabilities, type EngineHealth, type EngineKind } from './types';

export interface HealthEntry {
  capabilities: EngineCapabilities;
  health: EngineHealth;
}

const KIND_NAMES: Record<RequestKind, string> = { singleLine: 'Single-line suggestions', multiLine: 'Multi-line suggestions', explain: 'Explain Selection' };

export function healthReport(entries: readonly HealthEntry[], rules: RouteRules, effective: (kind: RequestKind) => EngineKind): string {
  const lines = ['# Pipit engines', '', '| Engine | Endpoint | State | Model | Fill-in-the-middle | Code leaves this machine |', '|---|---|---|---|---|---|'];
  for (const { capabilities: c, health: h } of entries) {
    lines.push(`| ${c.label} | ${c.endpoint ?? 'in process'} | ${h.ok ? 'OK' : 'NOT OK'} | ${h.model ?? '—'} | ${h.fim === undefined ? 'not known yet' : h.fim ? 'yes' : 'no'} | ${c.leavesMachine ? 'yes' : 'no'} |`);
  }
  lines.push('', '## Details', '');
  for (const { capabilities: c, health: h } of entries) lines.push(`- **${c.label}**: ${h.detail} Suggestions via ${c.completionRoute}; chat via ${c.chatRoute}.`);
  lines.push('', '## Routing', '');
  for (const kind of Object.keys(KIND_NAMES) as RequestKind[]) {
    const now = effective(kind);
    const note = now === rules[kind] ? '' : ` (routed to ${ENGINE_LABELS[rules[kind]]}, which is not usable now: falling back)`;
    lines.push(`- ${KIND_NAMES[kind]}: ${ENGINE_LABELS[now]}${note}`);
  }
  return `${lines.join('\n')}\n`;
}
