// Reads a type-test file (type-tests/**/*.test-d.ts) into its `expectError(...)` cases and the
// `//~` texts each expects, and rewrites it so it can run: every `expectError(x)` becomes
// `await __twin(i, () => (x))`, which records what `x` throws at run time.

/** One `expectError(...)` of a type-test file. */
export interface ErrorCase {
  readonly index: number;
  /** 1-based lines of the call. */
  readonly fromLine: number;
  readonly toLine: number;
  /** The `//~` texts that point into the call. */
  readonly texts: readonly string[];
  /** The same, each with the 1-based line it points at (where tsc reports it). */
  readonly expectations: readonly { readonly line: number; readonly text: string }[];
}

/** The cases of a file and its runnable rewrite. */
export interface TwinProgram {
  readonly cases: readonly ErrorCase[];
  readonly source: string;
}

const CALL = "expectError(";

/** Splits a type-test file into its error cases and a runnable program. */
export function readTwinProgram(text: string): TwinProgram {
  const expectations = readExpectations(text);
  const cases: ErrorCase[] = [];
  let out = "";
  let cursor = 0;
  for (let at = text.indexOf(CALL); at !== -1; at = text.indexOf(CALL, cursor)) {
    const open = at + CALL.length - 1;
    const close = matchingParen(text, open);
    const index = cases.length;
    const fromLine = lineOf(text, at);
    const toLine = lineOf(text, close);
    const inCall = expectations.filter((e) => e.line >= fromLine && e.line <= toLine);
    cases.push({ index, fromLine, toLine, texts: inCall.map((e) => e.text), expectations: inCall });
    out += text.slice(cursor, at) + `await __twin(${index}, () => (${text.slice(open + 1, close)}))`;
    cursor = close + 1;
  }
  out += text.slice(cursor);
  const source = out.replace(
    /^import\s*\{[^}]*\}\s*from\s*"tsd";\s*$/m,
    "const expectType = (_: unknown) => {}; const expectAssignable = expectType; const expectNotAssignable = expectType;",
  );
  return { cases, source };
}

/** `//~ text` comments and the line each points at (the next line that is not itself a `//~`). */
function readExpectations(text: string): { line: number; text: string }[] {
  const lines = text.split("\n");
  const found: { line: number; text: string }[] = [];
  lines.forEach((line, i) => {
    const match = /^\s*\/\/~\s?(.*)$/.exec(line);
    if (!match) return;
    let target = i + 1;
    while (target < lines.length && /^\s*\/\/~/.test(lines[target] ?? "")) target++;
    found.push({ line: target + 1, text: (match[1] ?? "").trim() });
  });
  return found;
}

/** The index of the `)` closing the `(` at `open`; skips strings, templates and comments. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'" || ch === "`") i = endOfString(text, i, ch);
    else if (ch === "/" && text[i + 1] === "/") i = text.indexOf("\n", i);
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  throw new SyntaxError(`unbalanced expectError( at offset ${open}`);
}

/** The index of the quote closing the string that starts at `start`. */
function endOfString(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === "\n") line++;
  return line;
}
