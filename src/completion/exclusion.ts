// The one test of which files never enter a prompt: as the current file of a completion, as extra context, as text
// copied from them, or as the code an explanation is about. The secrets in ALWAYS_EXCLUDED plus the user's
// `pipit.exclude` globs. Dotfiles match like any other file (`.env` must not slip through).

import picomatch from 'picomatch';
import { ALWAYS_EXCLUDED } from '../config/settings';

export type ExclusionMatcher = (relativePath: string) => boolean;

export interface ExclusionVerdict {
  excluded: boolean;
  /** The glob that matched, to tell the user why. */
  pattern?: string;
}

/**
 * Forward slashes, no drive letter, no leading `./` or `/`: a workspace-relative path and the absolute path VS Code
 * gives for a file outside the workspace are then matched by `**`-globs alike, on every OS.
 */
function normalisePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^[a-zA-Z]:\//, '')
    .replace(/^(?:\.?\/)+/, '');
}

/** User globs get the same treatment as paths (an absolute glob matches the normalised absolute path). */
function normalisePattern(pattern: string): string {
  return pattern.trim().replace(/^[a-zA-Z]:[\\/]/, '').replace(/^(?:\.?\/)+/, '');
}

/** Every path checked against every pattern, the first pattern that matches named in the verdict. */
export function createExclusionCheck(userPatterns: readonly string[]): (path: string) => ExclusionVerdict {
  const patterns = [...ALWAYS_EXCLUDED, ...userPatterns.filter((pattern) => pattern.trim() !== '')];
  const compiled = patterns.map((pattern) => ({ pattern, matches: picomatch(normalisePattern(pattern), { dot: true, windows: false }) }));
  return (path) => {
    const normalised = normalisePath(path);
    if (normalised === '') return { excluded: false };
    const hit = compiled.find(({ matches }) => matches(normalised));
    return hit ? { excluded: true, pattern: hit.pattern } : { excluded: false };
  };
}

/**
 * The checks for the pattern lists seen lately, each built once: settings are read on every request, and documents
 * of different folders (multi-root) have different `pipit.exclude` lists.
 */
export function exclusionChecks(keep = 8): (userPatterns: readonly string[]) => (path: string) => ExclusionVerdict {
  const checks = new Map<string, (path: string) => ExclusionVerdict>();
  return (userPatterns) => {
    const key = JSON.stringify(userPatterns);
    let check = checks.get(key);
    if (!check) {
      check = createExclusionCheck(userPatterns);
      checks.set(key, check);
      if (checks.size > keep) checks.delete(checks.keys().next().value!);
    }
    return check;
  };
}

/** The exclusion test for the current settings (the extra-context ring, copied text). */
export function settingsExclusion(settings: () => { exclude: readonly string[] }): ExclusionMatcher {
  const checkFor = exclusionChecks();
  return (relativePath) => checkFor(settings().exclude)(relativePath).excluded;
}

/**
 * Absolute user globs that point inside a workspace folder, also written relative to it: prompts name files by
 * their workspace-relative path, so `/home/ana/app/vendor/**` must exclude `vendor/x.js` too.
 */
export function withWorkspaceRelativePatterns(patterns: readonly string[], workspaceRoots: readonly string[]): string[] {
  const roots = workspaceRoots.map((root) => normalisePath(root).replace(/\/+$/, '')).filter((root) => root !== '');
  const extra: string[] = [];
  for (const pattern of patterns) {
    const normalised = normalisePattern(pattern.replace(/\\/g, '/'));
    for (const root of roots) {
      if (normalised.startsWith(`${root}/`)) extra.push(normalised.slice(root.length + 1));
    }
  }
  return extra.length === 0 ? [...patterns] : [...patterns, ...extra.filter((pattern) => !patterns.includes(pattern))];
}

/** What the user reads when an explanation (or any request) is refused for a file. */
export function exclusionMessage(filePath: string, pattern: string): string {
  const secret = (ALWAYS_EXCLUDED as readonly string[]).includes(pattern);
  return secret
    ? `Pipit does not explain ${filePath}: it looks like a secrets file (${pattern}), and such files never enter a prompt.`
    : `Pipit does not explain ${filePath}: it matches "${pattern}" in the setting pipit.exclude. Remove the pattern there to allow it.`;
}
