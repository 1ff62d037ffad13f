// One log line per completion request: what was asked, what happened, and what it cost. Users read it in the
// "Pipit" output channel; the end-to-end tests count engine requests from it.
import type { RequestRecord } from '../completion/types';

export function requestLogLine(record: RequestRecord): string {
  const parts = [`${record.trigger} ${record.outcome}${record.reason ? `(${record.reason})` : ''}`];
  if (record.mode) parts.push(`mode=${record.mode}`);
  parts.push(`engine=${record.engineRequests}`);
  if (record.engineRequests > 0) {
    parts.push(`evaluated=${record.promptTokensEvaluated}`, `reused=${record.promptTokensReused}`);
    if (record.timeToFirstTokenMs !== undefined) parts.push(`ttft=${Math.round(record.timeToFirstTokenMs)}ms`);
  }
  parts.push(`total=${Math.round(record.totalMs)}ms`, `items=${record.items}`);
  if (record.error) parts.push(`error=${JSON.stringify(record.error)}`);
  return `request ${parts.join(' ')}`;
}
