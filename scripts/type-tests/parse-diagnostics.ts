import { resolve } from "node:path";

/** One error as `tsc --pretty false` prints it. */
export interface Diagnostic {
  /** Absolute path, or `undefined` for a global error (bad option, missing tsconfig). */
  readonly file: string | undefined;
  /** 1-based line, 0 for a global error. */
  readonly line: number;
  /** 1-based column, 0 for a global error. */
  readonly column: number;
  /** `"TS2345"` */
  readonly code: string;
  /** The first line and every continuation line (without their indent), joined by `\n`. */
  readonly message: string;
}

const located = /^(.+)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const global = /^error (TS\d+): (.*)$/;

/**
 * Parses the output of `tsc --pretty false` into diagnostics.
 *
 * A diagnostic is `file(line,col): error TSxxxx: message`, followed by indented
 * continuation lines (the "Type 'x' is not assignable…" chain). Paths are
 * resolved against `cwd`, the directory tsc ran in. Lines that are neither
 * (an unindented summary, a blank line) end the current diagnostic.
 *
 * @example
 * parseDiagnostics("a.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.", "/repo")
 * //=> [{ file: "/repo/a.ts", line: 3, column: 7, code: "TS2322", message: "Type 'number' is …" }]
 */
export function parseDiagnostics(output: string, cwd: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let current: { file: string | undefined; line: number; column: number; code: string; lines: string[] } | undefined;
  const finish = () => {
    if (current) {
      const { lines, ...rest } = current;
      diagnostics.push({ ...rest, message: lines.join("\n") });
    }
    current = undefined;
  };
  for (const line of output.split(/\r?\n/)) {
    const at = located.exec(line);
    const anywhere = at ? undefined : global.exec(line);
    if (at) {
      finish();
      current = { file: resolve(cwd, at[1]!), line: Number(at[2]), column: Number(at[3]), code: at[4]!, lines: [at[5]!] };
    } else if (anywhere) {
      finish();
      current = { file: undefined, line: 0, column: 0, code: anywhere[1]!, lines: [anywhere[2]!] };
    } else if (current && /^\s+\S/.test(line)) {
      current.lines.push(line.trim());
    } else {
      finish();
    }
  }
  finish();
  return diagnostics;
}
