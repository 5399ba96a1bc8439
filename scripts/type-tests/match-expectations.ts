import type { Diagnostic } from "./parse-diagnostics.js";
import type { Expectation } from "./read-expectations.js";

/** Something the compiler said that the test did not expect, or the reverse. */
export type Problem =
  | { readonly kind: "stray"; readonly diagnostic: Diagnostic }
  | {
      readonly kind: "missing";
      readonly expectation: Expectation;
      /** Errors on the expected line that other `//~` lines did not claim. */
      readonly onLine: readonly Diagnostic[];
      /** The closest error in the same file containing the text, when it is on another line. */
      readonly elsewhere: Diagnostic | undefined;
    };

/**
 * Pairs each `//~` expectation with a distinct error on its line whose message
 * contains its text; returns what is left over on either side.
 *
 * Pairing is a maximum bipartite matching per line, so two `//~` lines above one
 * line need two errors there, and the order of the `//~` lines does not matter.
 *
 * @example
 * matchExpectations(
 *   [{ file: "/a.ts", line: 2, commentLine: 1, text: "not assignable" }],
 *   [{ file: "/a.ts", line: 2, column: 7, code: "TS2322", message: "Type 'number' is not assignable to type 'string'." }],
 * )
 * //=> []
 */
export function matchExpectations(expectations: readonly Expectation[], diagnostics: readonly Diagnostic[]): Problem[] {
  const problems: Problem[] = [];
  const lineKey = (file: string | undefined, line: number) => `${file ?? ""}\0${line}`;
  const errorsByLine = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const key = lineKey(diagnostic.file, diagnostic.line);
    errorsByLine.set(key, [...(errorsByLine.get(key) ?? []), diagnostic]);
  }
  const expectedByLine = new Map<string, Expectation[]>();
  for (const expectation of expectations) {
    const key = lineKey(expectation.file, expectation.line);
    expectedByLine.set(key, [...(expectedByLine.get(key) ?? []), expectation]);
  }

  const claimed = new Set<Diagnostic>();
  for (const [key, expected] of expectedByLine) {
    const errors = errorsByLine.get(key) ?? [];
    const owner = matchLine(expected, errors);
    const matched = new Set(owner.values());
    for (const diagnostic of owner.keys()) claimed.add(diagnostic);
    for (const expectation of expected) {
      if (matched.has(expectation)) continue;
      problems.push({
        kind: "missing",
        expectation,
        onLine: errors.filter((diagnostic) => !owner.has(diagnostic)),
        elsewhere: closestContaining(expectation, diagnostics),
      });
    }
  }
  for (const diagnostic of diagnostics) {
    if (!claimed.has(diagnostic)) problems.push({ kind: "stray", diagnostic });
  }
  return problems;
}

/** Kuhn's augmenting paths: a line holds a handful of errors, so this is instant. */
function matchLine(expected: readonly Expectation[], errors: readonly Diagnostic[]): Map<Diagnostic, Expectation> {
  const owner = new Map<Diagnostic, Expectation>();
  const tryAssign = (expectation: Expectation, visited: Set<Diagnostic>): boolean => {
    for (const diagnostic of errors) {
      if (visited.has(diagnostic) || !diagnostic.message.includes(expectation.text)) continue;
      visited.add(diagnostic);
      const previous = owner.get(diagnostic);
      if (!previous || tryAssign(previous, visited)) {
        owner.set(diagnostic, expectation);
        return true;
      }
    }
    return false;
  };
  for (const expectation of expected) tryAssign(expectation, new Set());
  return owner;
}

/** Points a "wrong line" mistake at where the error really is. */
function closestContaining(expectation: Expectation, diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  return diagnostics
    .filter((d) => d.file === expectation.file && d.line !== expectation.line && d.message.includes(expectation.text))
    .sort((a, b) => Math.abs(a.line - expectation.line) - Math.abs(b.line - expectation.line))[0];
}
