// Decides whether a file may be sent to the model for an explanation: secrets never, plus the user's own globs.
import picomatch from 'picomatch';
import { ALWAYS_EXCLUDED } from '../config/settings';

export interface ExclusionVerdict {
  excluded: boolean;
  /** The glob that matched, to tell the user why. */
  pattern?: string;
}

/** Forward slashes, no drive letter or leading slash, so `**`-globs match absolute and relative paths alike. */
function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^[a-zA-Z]:\//, '').replace(/^\/+/, '');
}

/**
 * Checks every path given (callers pass the workspace-relative path and the absolute one: a user glob may be
 * written either way). `dot: true` so that `.env` and files under `.secrets/` match like any other name.
 */
export function checkExclusion(paths: readonly string[], userGlobs: readonly string[]): ExclusionVerdict {
  const patterns = [...ALWAYS_EXCLUDED, ...userGlobs.filter((glob) => glob.trim() !== '')];
  const candidates = paths.filter((path) => path !== '').flatMap((path) => [path.replace(/\\/g, '/'), normalise(path)]);
  for (const pattern of patterns) {
    const matches = picomatch(pattern, { dot: true });
    if (candidates.some((path) => matches(path))) return { excluded: true, pattern };
  }
  return { excluded: false };
}

/** What the user reads when an explanation is refused. */
export function exclusionMessage(filePath: string, pattern: string): string {
  const secret = (ALWAYS_EXCLUDED as readonly string[]).includes(pattern);
  return secret
    ? `Pipit does not explain ${filePath}: it looks like a secrets file (${pattern}), and such files never enter a prompt.`
    : `Pipit does not explain ${filePath}: it matches "${pattern}" in the setting pipit.exclude. Remove the pattern there to allow it.`;
}
