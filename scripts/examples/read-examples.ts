import { readFileSync } from "node:fs";

/** One `@example` of a doc comment: its code, and where each of its lines sits in the source file. */
export interface Example {
  readonly file: string;
  /** 1-based line of the `@example` tag. */
  readonly line: number;
  readonly code: string;
  /** 1-based source line of each line of `code`. */
  readonly lines: readonly number[];
}

const docComment = /\/\*\*[\s\S]*?\*\//g;
const commentLead = /^\s*\*(?: |$)/;
const tag = /^@[a-zA-Z]/;

/**
 * Reads every `@example` of the doc comments of one file. An example runs from its tag (code may
 * follow the tag on the same line) to the next tag or the end of the comment; a trailing blank line
 * is dropped.
 *
 * @example
 * // in a.ts:
 * //   /** Doubles. @example
 * //    * double(2) //=> 4
 * //    *\/
 * readExamples("/repo/a.ts")[0]?.code
 * //=> "double(2) //=> 4"
 */
export function readExamples(file: string, text = readFileSync(file, "utf8")): Example[] {
  const examples: Example[] = [];
  for (const comment of text.matchAll(docComment)) {
    const firstLine = text.slice(0, comment.index).split("\n").length;
    const commentLines = comment[0]
      .replace(/^\/\*\*/, "")
      .replace(/\*\/$/, "")
      .split("\n");
    let current: { line: number; code: string[]; lines: number[] } | undefined;
    const add = (code: string, line: number) => {
      current?.code.push(code);
      current?.lines.push(line);
    };
    const finish = () => {
      if (!current) return;
      while (current.code.length > 0 && current.code.at(-1)!.trim() === "") {
        current.code.pop();
        current.lines.pop();
      }
      if (current.code.length > 0) examples.push({ file, line: current.line, code: current.code.join("\n"), lines: current.lines });
      current = undefined;
    };
    // A one-line comment may carry its example after its summary: `/** Ends a stream. @example endFrame() */`.
    const logical = commentLines.flatMap((raw, index) => {
      const content = raw.replace(commentLead, "").replace(/^\s+$/, "");
      const inline = content.search(/\s@example\b/);
      const line = firstLine + index;
      return inline > 0 && content.slice(0, inline).trim() !== "" ?
          [
            { line, content: content.slice(0, inline) },
            { line, content: content.slice(inline + 1) },
          ]
        : [{ line, content }];
    });
    for (const { line, content } of logical) {
      const trimmed = content.trim();
      if (tag.test(trimmed)) {
        finish();
        if (!trimmed.startsWith("@example")) continue;
        current = { line, code: [], lines: [] };
        const sameLine = trimmed.slice("@example".length).trim();
        if (sameLine) add(sameLine, line);
        continue;
      }
      add(content, line);
    }
    finish();
  }
  return examples;
}
