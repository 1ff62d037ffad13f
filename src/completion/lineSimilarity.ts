// How alike two chunks are, by the sets of their non-blank lines (Jaccard): robust to small edits and reordering.

export function lineSet(text: string): Set<string> {
  return new Set(text.split('\n').map((line) => line.trim()).filter((line) => line !== ''));
}

export function lineSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const line of a) if (b.has(line)) shared++;
  return shared / (a.size + b.size - shared);
}
