import type { QuotedList, Written } from "../../types/messages/quote.js";

/** `'a:*', 'b:*'`: the run-time twin of `QuotedList`. */
export function quotedList<const TItems extends readonly string[]>(items: TItems): QuotedList<TItems> {
  return items.map((item) => `'${item}'`).join(", ") as QuotedList<TItems>;
}

/** A value as the user wrote it: the run-time twin of `Written`. */
export function written(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "function" ? "a function" : "an object";
}

// `written` returns what `Written<T>` does for literal types; checked here so the two cannot drift.
const _writtenAgrees: Written<"50 megs"> = "'50 megs'";
void _writtenAgrees;
