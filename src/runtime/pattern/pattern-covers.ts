/**
 * Whether every key of `inner` matches `outer` (`popular:*` covers `popular:x:*`), as used by the
 * `warm.prefetch` rule.
 *
 * Decided by aligning the two patterns: an outer `*` may absorb any run of inner characters and
 * inner `*`s, an outer literal only the same inner literal, and an inner `*` nothing but an outer
 * `*`. That is exact: if no alignment exists, filling each inner `*` with a character `outer` never
 * uses gives a key of `inner` that `outer` does not match. Cost: O(|outer| × |inner|) time,
 * O(|inner|) memory.
 *
 * @example
 * patternCovers("popular:*", "popular:x:*")  //=> true
 * patternCovers("popular:*", "popular:top")  //=> true
 * patternCovers("popular:x:*", "popular:*")  //=> false
 * patternCovers("*a", "a*")                  //=> false
 */
export function patternCovers(outer: string, inner: string): boolean {
  const m = inner.length;
  // next[j]: does outer[i+1..] cover inner[j..]; filled from the end of outer backwards.
  let next: boolean[] = new Array<boolean>(m + 1).fill(false);
  next[m] = true;
  for (let i = outer.length - 1; i >= 0; i--) {
    const current: boolean[] = new Array<boolean>(m + 1).fill(false);
    const o = outer[i];
    if (o === "*") {
      // Absorb nothing (next[j]) or absorb inner[j] and stay on this star (current[j + 1]).
      current[m] = next[m] === true;
      for (let j = m - 1; j >= 0; j--) current[j] = next[j] === true || current[j + 1] === true;
    } else {
      for (let j = 0; j < m; j++) current[j] = inner[j] === o && next[j + 1] === true;
    }
    next = current;
  }
  return next[0] === true;
}
