import ts from "typescript";

/** A `//=>` comment under (or beside) a type alias that says something else than the checker resolves. */
export interface ResultMismatch {
  /** 0-based line of the `//=>` comment in the checked file. */
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Checks the `//=>` comments that follow a `type X = …` alias (on its line or the next) against the
 * type the checker resolves X to, printed as a hover would (expanded, or by the alias it resolves to). `…` in a comment stands for any text, so a
 * long message may be abbreviated; spacing and a `;` before `}` do not count. Comments after values
 * are left alone: they tell what the code returns at run time, which no type says.
 *
 * @example
 * // in the checked file:
 * //   type A = IsSize<"50MB">  //=> true
 * resultMismatches(checker, sourceFile)
 * //=> []
 */
export function resultMismatches(checker: ts.TypeChecker, sourceFile: ts.SourceFile): ResultMismatch[] {
  const lines = sourceFile.text.split("\n");
  const mismatches: ResultMismatch[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const end = sourceFile.getLineAndCharacterOfPosition(statement.getEnd()).line;
    const comment = resultComment(lines, end);
    if (!comment) continue;
    // As a hover shows it: expanded one level (`{ readonly id: string }`), or by its alias (`ReadonlyDeep<User>`).
    const type = checker.getTypeAtLocation(statement.name);
    const actual = checker.typeToString(type, statement, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias);
    const named = checker.typeToString(type, statement, ts.TypeFormatFlags.NoTruncation);
    if (!matches(comment.text, actual) && !matches(comment.text, named)) mismatches.push({ line: comment.line, expected: comment.text, actual });
  }
  return mismatches;
}

/** The `//=>` text on the alias's last line or alone on the line after it, with its continuation `//` lines. */
function resultComment(lines: readonly string[], aliasEnd: number): { line: number; text: string } | undefined {
  const sameLine = lines[aliasEnd]?.indexOf("//=>") ?? -1;
  const start =
    sameLine >= 0 ? aliasEnd
    : lines[aliasEnd + 1]?.trimStart().startsWith("//=>") ? aliasEnd + 1
    : -1;
  if (start < 0) return undefined;
  const first = lines[start]!;
  let text = first.slice(first.indexOf("//=>") + 4).trim();
  for (let next = start + 1; next < lines.length; next++) {
    const continued = lines[next]!.trimStart();
    if (!continued.startsWith("//") || continued.startsWith("//=>")) break;
    text += ` ${continued.slice(2).trim()}`;
  }
  return { line: start, text };
}

const normalize = (type: string) => type.replace(/\s+/g, " ").replace(/;\s*}/g, " }").replace(/\{\s+/g, "{ ").trim();

/** Whether `actual` reads as `expected`, where each `…` of `expected` stands for any text. */
function matches(expected: string, actual: string): boolean {
  const pattern = normalize(expected)
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`, "s").test(normalize(actual));
}
