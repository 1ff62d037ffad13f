// Which files never enter a prompt, as the current file or as extra context: the secrets in ALWAYS_EXCLUDED plus
// the user's `pipit.exclude` globs. Dotfiles match like any other file (`.env` must not slip through).

import picomatch from 'picomatch';
import { ALWAYS_EXCLUDED } from '../config/settings';

export type ExclusionMatcher = (relativePath: string) => boolean;

export function createExclusionMatcher(userPatterns: readonly string[]): ExclusionMatcher {
  const patterns = [...ALWAYS_EXCLUDED, ...userPatterns.filter((pattern) => pattern.trim() !== '')];
  const matches = picomatch(patterns, { dot: true, windows: false });
  return (relativePath) => matches(relativePath.split('\\').join('/').replace(/^\.?\//, ''));
}

/** Rebuilds the matcher only when the user's patterns change (settings are read on every request). */
export function cachedExclusionMatcher(): (userPatterns: readonly string[]) => ExclusionMatcher {
  let key: string | undefined;
  let matcher: ExclusionMatcher | undefined;
  return (userPatterns) => {
    const next = JSON.stringify(userPatterns);
    if (next !== key || !matcher) {
      key = next;
      matcher = createExclusionMatcher(userPatterns);
    }
    return matcher;
  };
}

/** The exclusion test for the current settings; the pipeline and the extra-context ring share one. */
export function settingsExclusion(settings: () => { exclude: readonly string[] }): ExclusionMatcher {
  const matcherFor = cachedExclusionMatcher();
  return (relativePath) => matcherFor(settings().exclude)(relativePath);
}
