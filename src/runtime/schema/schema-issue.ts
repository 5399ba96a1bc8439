/**
 * Runs a Standard Schema on a value and keeps what a message needs of its verdict: the first issue's
 * path and text. `validate` may answer synchronously or with a Promise (an async refinement); both are
 * handled, and a synchronous answer stays synchronous so a valid hit costs no extra promise.
 */
import { indexSegment, propertySegment } from "../values/value-path.js";
import type { StandardSchemaV1 } from "../manifest/standard-schema.js";

/** Why a value failed its schema: where (`.profile.name`, `.` for the value itself) and the schema's text. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The first issue `schema` finds in `value`, `undefined` when it is valid, or a Promise of either when
 * the schema validates asynchronously. A schema that throws is an issue too (at `.`, with the error's text).
 *
 * @example
 * import { z } from "zod";
 * schemaIssue(z.object({ name: z.string() }), { name: 42 })
 * //=> { path: ".name", message: "Invalid input: expected string, received number" }
 */
export function schemaIssue(schema: StandardSchemaV1, value: unknown): SchemaIssue | undefined | Promise<SchemaIssue | undefined> {
  let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
  try {
    result = schema["~standard"].validate(value);
  } catch (error) {
    return thrown(error);
  }
  if (result instanceof Promise) return result.then(firstIssue, thrown);
  return firstIssue(result);
}

/**
 * A Standard Schema issue path as messages print value paths.
 *
 * @example
 * issuePath(["tags", 0, { key: "name" }]) //=> ".tags[0].name"
 * issuePath(undefined)                    //=> "."
 */
export function issuePath(path: StandardSchemaV1.Issue["path"]): string {
  if (path === undefined || path.length === 0) return ".";
  let text = "";
  for (const segment of path) {
    const key = typeof segment === "object" ? segment.key : segment;
    text += typeof key === "number" ? indexSegment(key) : propertySegment(key);
  }
  return text;
}

function firstIssue(result: StandardSchemaV1.Result<unknown>): SchemaIssue | undefined {
  const issues = result.issues;
  if (issues === undefined) return undefined;
  const first = issues[0];
  const more = issues.length > 1 ? ` and ${issues.length - 1} more` : "";
  return { path: issuePath(first?.path), message: `${first?.message ?? "invalid"}${more}` };
}

function thrown(error: unknown): SchemaIssue {
  return { path: ".", message: `the schema threw: ${error instanceof Error ? error.message : String(error)}` };
}
