/** Levenshtein distance: the fewest one-character insertions, deletions or substitutions from a to b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidates close to a mistyped name (case-insensitive), nearest first: within 2 edits, or 1 for names of
 * up to 4 characters, so `chanel` finds `channel` but `a` does not find every one-letter name.
 */
export function nearNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const allowed = name.length <= 4 ? 1 : 2;
  const scored: Array<[string, number]> = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= allowed) scored.push([candidate, distance]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([candidate]) => candidate);
}
