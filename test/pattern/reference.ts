// Brute-force references the pattern functions are proven against: a regex matcher and key enumeration.
import fc from "fast-check";
import { isValidPattern } from "../../src/index.js";

/** The obvious regex for a glob: `*` becomes `.*`, everything else is escaped. Too slow for a hot path, fine as a reference. */
export function regexOf(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "s");
}

/** Every string over `alphabet` of length 0 to `maxLength`, shortest first. */
export function keysUpTo(alphabet: readonly string[], maxLength: number): string[] {
  const keys = [""];
  let layer = [""];
  for (let length = 1; length <= maxLength; length++) {
    layer = layer.flatMap((key) => alphabet.map((char) => key + char));
    keys.push(...layer);
  }
  return keys;
}

/** A valid pattern of 1 to `maxLength` characters over `a`, `b`, `:` and `*`. */
export function patternArbitrary(maxLength = 5): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom("a", "b", ":", "*"), minLength: 1, maxLength }).filter(isValidPattern);
}

/** A key of 0 to `maxLength` characters over `a`, `b`, `:` (and `*` as a literal, when asked). */
export function keyArbitrary(maxLength = 8, withStar = false): fc.Arbitrary<string> {
  const units = withStar ? ["a", "b", ":", "*"] : ["a", "b", ":"];
  return fc.string({ unit: fc.constantFrom(...units), maxLength });
}

/** The pattern's characters before its first `*` (all of them for a plain key). */
export function literalPrefixOf(pattern: string): string {
  const star = pattern.indexOf("*");
  return star === -1 ? pattern : pattern.slice(0, star);
}

/** The pattern's characters without its `*`s. */
export function literalsOf(pattern: string): string {
  return pattern.replaceAll("*", "");
}

/**
 * The textbook recursion for "some key matches both globs", memoised over positions: a reference that
 * does not use the prefix/suffix theorem and works for any alphabet.
 */
export function overlapByRecursion(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const step = (i: number, j: number): boolean => {
    const id = i * (b.length + 1) + j;
    const known = memo.get(id);
    if (known !== undefined) return known;
    const x = a[i];
    const y = b[j];
    let result: boolean;
    if (x === undefined && y === undefined) result = true;
    else if (x === "*") result = step(i + 1, j) || (y !== undefined && step(i, j + 1));
    else if (y === "*") result = step(i, j + 1) || (x !== undefined && step(i + 1, j));
    else result = x !== undefined && x === y && step(i + 1, j + 1);
    memo.set(id, result);
    return result;
  };
  return step(0, 0);
}
