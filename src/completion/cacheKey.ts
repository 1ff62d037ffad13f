// The cache key: everything that decides what the model writes. A hash keeps keys small although windows are long.

import { createHash } from 'node:crypto';
import type { CompletionMode } from './types';

export interface CacheKeyParts {
  modelId: string;
  filePath: string;
  prefix: string;
  suffix: string;
  /** ExtraContextRing snapshot version ('' when extra context is off). */
  extraVersion: string;
  mode: CompletionMode;
  /** `alternatives` for an explicit request, which asks for several suggestions. */
  variant: 'single' | 'alternatives';
}

export function cacheKey(parts: CacheKeyParts): string {
  const fields = [parts.modelId, parts.filePath, parts.prefix, parts.suffix, parts.extraVersion, parts.mode, parts.variant];
  // Length-prefixed so that moving text from one field to the next changes the key.
  return createHash('sha256')
    .update(fields.map((field) => `${field.length}:${field}`).join('|'))
    .digest('base64url');
}
