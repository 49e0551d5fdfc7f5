/**
 * "Did you mean ...?" for names a scenario misspelt: calls, parameters, constants, processes.
 * A suggestion is made only when one known name is close (a few edits, case ignored), so that a
 * name that is simply wrong is not answered with an unrelated one.
 */

/**
 * Edits between two strings: insertions, deletions, substitutions and swaps of neighbours
 * (optimal string alignment), since a swap ("SOKC" for "SOCK") is the commonest slip of all.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] as number[];
      let best = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The known name nearest to `name`, case ignored, when it is close enough: at most one edit in
 * four characters (at least one; none but case for names of one or two characters). Ties go to the first candidate, so the answer is deterministic.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  // A name of one or two characters is only ever a case slip: "@A" is not a misspelt "@B".
  const limit = name.length <= 2 ? 0 : Math.max(1, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ' (did you mean "X"?)', or "" when no known name is close; `prefix` is written before X. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ""): string {
  const found = nearest(name, candidates);
  return found === undefined ? "" : ` (did you mean "${prefix}${found}"?)`;
}
