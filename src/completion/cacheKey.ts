// The cache key: everything that decides what the model writes. A hash keeps keys small although windows are long.

import { createHash } from 'node:crypto';
import type { CompletionMode } from './types';

export interface CacheKeyParts {
  /**
   * Who answers: the engine this request's kind is routed to, with its model (the built-in engine's model file, an
   * external server's endpoint and model). Another route or model writes another answer.
   */
  engine: string;
  filePath: string;
  /** The repository name the model is shown ('' when none). */
  repoName: string;
  prefix: string;
  /** Where the prompt's middle starts (characters at the end of `prefix`): the same text split elsewhere is another prompt. */
  middleLength: number;
  suffix: string;
  /** ExtraContextRing snapshot version ('' when extra context is off). */
  extraVersion: string;
  /** An answer cut at this many tokens is kept without its broken last line: another limit, another answer. */
  maxTokens: number;
  mode: CompletionMode;
  /** `alternatives` for an explicit request, which asks for several suggestions. */
  variant: 'single' | 'alternatives';
}

export function cacheKey(parts: CacheKeyParts): string {
  const fields = [parts.engine, parts.filePath, parts.repoName, parts.prefix, String(parts.middleLength), parts.suffix, parts.extraVersion, String(parts.maxTokens), parts.mode, parts.variant];
  // Length-prefixed so that moving text from one field to the next changes the key.
  return createHash('sha256')
    .update(fields.map((field) => `${field.length}:${field}`).join('|'))
    .digest('base64url');
}
