import { relative } from "node:path";
import type { Diagnostic } from "./parse-diagnostics.js";
import type { Problem } from "./match-expectations.js";

/**
 * One problem per block, each starting with `file:line` relative to `root`,
 * followed by what tsc actually said.
 *
 * @example
 * formatProblem("/repo", { kind: "stray", diagnostic })
 * //=> "type-tests/a.test-d.ts:12: unexpected error TS2322: Type 'number' is not …"
 */
export function formatProblem(root: string, problem: Problem): string {
  if (problem.kind === "stray") {
    return `${where(root, problem.diagnostic)}: unexpected error ${problem.diagnostic.code}: ${indent(problem.diagnostic.message)}`;
  }
  const { expectation, onLine, elsewhere } = problem;
  const lines = [
    `${relative(root, expectation.file)}:${expectation.line}: expected an error containing "${expectation.text}" (//~ on line ${expectation.commentLine})`,
  ];
  if (onLine.length === 0) lines.push("    but there is no error on that line");
  for (const diagnostic of onLine) lines.push(`    but got ${diagnostic.code}: ${indent(diagnostic.message)}`);
  if (elsewhere) lines.push(`    an error with that text is on line ${elsewhere.line} instead: ${indent(elsewhere.message)}`);
  return lines.join("\n");
}

function where(root: string, diagnostic: Diagnostic): string {
  return diagnostic.file ? `${relative(root, diagnostic.file)}:${diagnostic.line}:${diagnostic.column}` : "(no file)";
}

/** Keeps a multi-line tsc message readable under its header line. */
function indent(message: string): string {
  return message.split("\n").join("\n      ");
}
