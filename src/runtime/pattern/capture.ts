import { matchParts } from "./matches-pattern.js";

/**
 * What each `*` of a pattern matched in a key, left to right, or `undefined` when the key does not
 * match. When a key can be split several ways, each `*` takes the shortest run that still lets the
 * rest match and the last `*` takes what is left — the choice TypeScript makes when it infers
 * `` `a:${infer X}:${infer Y}` ``, so captures agree with the type level.
 *
 * @example
 * capture("user:*", "user:42")          //=> ["42"]
 * capture("a:*:b:*", "a:1:b:2")         //=> ["1", "2"]
 * capture("*:*", "x:y:z")               //=> ["x", "y:z"]
 * capture("user:*", "order:1")          //=> undefined
 */
export function capture(pattern: string, key: string): string[] | undefined {
  const captures: string[] = [];
  return matchParts(pattern.split("*"), key, captures) ? captures : undefined;
}
