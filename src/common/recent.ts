// The last few of something, newest last: what the extension exports for tests and the status views (routes,
// requests, explanations). Bounded so a long session never grows it.

/** Appends `item` and drops the oldest entries beyond `keep`. */
export function pushRecent<T>(list: T[], item: T, keep: number): void {
  list.push(item);
  if (list.length > keep) list.splice(0, list.length - keep);
}
