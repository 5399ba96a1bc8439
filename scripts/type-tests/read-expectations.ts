import { readFileSync } from "node:fs";

/** "An error whose message contains `text` is reported on `line` of `file`." */
export interface Expectation {
  readonly file: string;
  /** 1-based line the error must be on. */
  readonly line: number;
  /** 1-based line of the `//~` comment itself, to point at it in reports. */
  readonly commentLine: number;
  readonly text: string;
}

const marker = /^\s*\/\/~(.*)$/;

/**
 * Reads the `//~ text` expectations of one source file.
 *
 * `//~ text` expects an error containing `text` on the next line that is not a
 * `//~` line, so several `//~` lines in a row each expect an error on the same
 * line. A `//~` with no text, or with no code line after it, is a mistake in the
 * test and throws naming the file and line.
 *
 * @example
 * // in a.ts:
 * //   //~ is not assignable to type 'string'
 * //   const s: string = 1;
 * readExpectations("/repo/a.ts")
 * //=> [{ file: "/repo/a.ts", line: 2, commentLine: 1, text: "is not assignable to type 'string'" }]
 */
export function readExpectations(file: string): Expectation[] {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  const expectations: Expectation[] = [];
  let pending: { commentLine: number; text: string }[] = [];
  lines.forEach((source, index) => {
    const match = marker.exec(source);
    if (match) {
      const text = match[1]!.trim();
      if (text === "") throw new Error(`${file}:${index + 1}: '//~' needs the text of the expected error after it`);
      pending.push({ commentLine: index + 1, text });
      return;
    }
    for (const waiting of pending) expectations.push({ file, line: index + 1, ...waiting });
    pending = [];
  });
  if (pending.length > 0) {
    throw new Error(`${file}:${pending[0]!.commentLine}: '//~' is not followed by a line of code to expect the error on`);
  }
  return expectations;
}
