/**
 * The validator of a read (RFC 9110 §8.8.3): a strong entity tag derived from the bytes sent, so the
 * same stored value has the same tag in every process that serves it (two edges over one Redis, a
 * restarted server), and any change of the value changes it.
 *
 * The hash is a 64-bit one (two 32-bit multiply–xorshift lanes over the UTF-16 units of the body,
 * finished as in bryc's cyrb53) with the body's length beside it: runs everywhere the handler runs
 * (workers have no synchronous SHA), and costs about a `serialize` per kilobyte. It is not a
 * cryptographic hash: a tag is only ever compared with tags this server gave for the same key, and
 * whoever could write two colliding values to one key could write the second value anyway.
 */

// Stored values are read-only (values/read-only.ts), so a value object's tag never changes: an object
// served again (a memory store hands out the stored object itself) is not hashed again. Byte arrays
// are left out: a top-level one cannot be frozen.
const tagsByValue = new WeakMap<object, string>();

/**
 * The strong entity tag of `value` as serialized in `body`, quoted as it goes in the `ETag` header.
 *
 * @example
 * entityTag("lamp", '"lamp"') //=> '"6-1b2e…"' (the body's length in base 36, then 16 hex digits)
 */
export function entityTag(value: unknown, body: string): string {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return hashTag(body);
  let tag = tagsByValue.get(value);
  if (tag === undefined) {
    tag = hashTag(body);
    tagsByValue.set(value, tag);
  }
  return tag;
}

/**
 * The tag of a value served before, without serializing it again, or `undefined`: a revalidation of a
 * value this process has tagged is a 304 for the cost of a lookup.
 *
 * @example
 * const value = { name: "lamp" };
 * knownTag(value) ?? entityTag(value, serialize(value));
 */
export function knownTag(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? tagsByValue.get(value) : undefined;
}

function hashTag(body: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < body.length; i++) {
    const unit = body.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `"${body.length.toString(36)}-${hex8(h2)}${hex8(h1)}"`;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

/**
 * Whether an `If-None-Match` field value names `tag` (RFC 9110 §13.1.2): `*`, or a list of entity
 * tags compared weakly (a `W/` prefix is ignored). Anything else in the list is skipped.
 *
 * @example
 * noneMatch('W/"6-1b2e", "x"', '"6-1b2e"') //=> true
 */
export function noneMatch(field: string, tag: string): boolean {
  if (field.trim() === "*") return true;
  let at = field.indexOf(tag);
  while (at >= 0) {
    // A whole list member: preceded by the start, a comma, `W/` or whitespace; followed by the end, a comma or whitespace.
    const before = field.slice(0, at).replace(/W\/$/, "").trimEnd();
    const after = field.slice(at + tag.length).trimStart();
    if ((before === "" || before.endsWith(",")) && (after === "" || after.startsWith(","))) return true;
    at = field.indexOf(tag, at + 1);
  }
  return false;
}
