/**
 * The tags of borrowcache's wire format. A tagged value is a JSON object `{"$": tag, "v": payload}`;
 * a plain object that has its own `"$"` key is escaped as `{"$": "o", "v": {...}}`, so no plain data can
 * be mistaken for a tag. Everything else is plain JSON.
 */
export const Tag = {
  undefined: "u",
  /** `NaN`, `Infinity`, `-Infinity`, `-0`; payload is `String(n)` ("-0" for minus zero). */
  number: "n",
  /** Payload: epoch milliseconds, or `null` for an invalid date. */
  date: "d",
  /** Payload: decimal string. */
  bigint: "b",
  /** Payload: base64 of the bytes. */
  bytes: "y",
  /** Payload: `[[key, value], …]`, both encoded. */
  map: "m",
  /** Payload: `[member, …]`, encoded. */
  set: "s",
  /** Payload: a plain object that has an own `"$"` key. */
  object: "o",
} as const;

/** One of the wire tags. */
export type Tag = (typeof Tag)[keyof typeof Tag];

/** The key that marks a tagged object, and the text `deserialize` looks for before it walks. */
export const TAG_KEY = "$";
export const TAG_MARK = '"$":';
