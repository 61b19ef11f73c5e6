/**
 * "Did you mean": the names closest to a mistyped one, by edit distance (a typo, a missing or
 * doubled letter) or by one containing the other.
 */

/** The Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `limit` of `candidates` close to `name`, closest first. */
export function closeNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const contained = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
      return { candidate, distance: contained ? 0.5 : editDistance(wanted, lower) };
    })
    .filter((entry) => entry.distance <= allowed && entry.candidate !== name)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
