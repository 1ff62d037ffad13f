// Which kind an inline request is. The pipeline marks single-line requests by stopping at the first newline
// (completionState.ts), so the request itself says it; `mode` wins where a caller sets it.
import type { InfillRequest } from '../engine/types';
import type { RequestKind } from './types';

export function requestKind(request: InfillRequest & { mode?: 'single' | 'multi' }): Exclude<RequestKind, 'explain'> {
  if (request.mode) return request.mode === 'single' ? 'singleLine' : 'multiLine';
  return request.stop?.includes('\n') ? 'singleLine' : 'multiLine';
}
