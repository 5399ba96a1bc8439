/**
 * Redis Cluster key slots, and keys placed in a given slot. A Lua script may only touch keys of
 * one slot; the lock's waiting queue must sit next to a lock key whose layout predates it
 * (`<namespace>::~lock::<name>`, no hash tag), so its keys carry a hash tag chosen to land in the lock
 * key's slot instead of the lock key taking a new layout (which old and new processes would not share).
 */

const SLOTS = 16_384;

// CRC16/XMODEM (polynomial 0x1021), the checksum Redis Cluster hashes keys with.
const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

const encoder = new TextEncoder();

// Redis hashes bytes: an ASCII key is its own encoding, any other is hashed as UTF-8.
function crc16(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return crc16Bytes(encoder.encode(text));
    crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ code) & 0xff] as number);
  }
  return crc;
}

function crc16Bytes(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ byte) & 0xff] as number);
  return crc;
}

/**
 * The hash tag Redis Cluster places `key` by: what lies between the first `{` and the first `}` after
 * it, when that is not empty.
 *
 * @example
 * hashTag("shop::{cart}::1") //=> "cart"
 * hashTag("a{}b{c}")          //=> undefined (the first pair is empty: the whole key is hashed)
 */
export function hashTag(key: string): string | undefined {
  const open = key.indexOf("{");
  if (open === -1) return undefined;
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/**
 * The slot of `key` on a Redis Cluster, as `CLUSTER KEYSLOT` answers.
 *
 * @example
 * keySlot("abc") //=> 7638
 */
export function keySlot(key: string): number {
  return crc16(hashTag(key) ?? key) % SLOTS;
}

// A short tag for each slot, found once (about 90,000 tries, under 10 ms) and only on a cluster.
let tagsBySlot: string[] | undefined;

function tagOfSlot(slot: number): string {
  if (!tagsBySlot) {
    const tags = new Array<string>(SLOTS);
    for (let n = 0, found = 0; found < SLOTS; n++) {
      const tag = n.toString(36);
      const at = crc16(tag) % SLOTS;
      if (tags[at] === undefined) {
        tags[at] = tag;
        found++;
      }
    }
    tagsBySlot = tags;
  }
  return tagsBySlot[slot] as string;
}

// Prefixes with a brace of their own cannot take a tag: their keys are searched for (a few ms each) and kept.
const searched = new Map<string, string>();

/**
 * A key `prefix` + (a hash tag) + `name` in slot `slot`, so that one script may use it with another key
 * of that slot on a cluster. With a brace-free prefix the tag is a short one that lands in `slot`.
 *
 * @example
 * keyInSlot("shop::~lock~queue::", "update:cart:1", keySlot("shop::~lock::update:cart:1")) //=> "shop::~lock~queue::{…}update:cart:1"
 * @throws TypeError when no such key exists (a prefix whose own braces fix another slot)
 */
export function keyInSlot(prefix: string, name: string, slot: number): string {
  if (!prefix.includes("{")) return `${prefix}{${tagOfSlot(slot)}}${name}`;
  if (keySlot(prefix + name) === slot) return prefix + name;
  const memo = `${slot}\u0000${prefix}${name}`;
  const known = searched.get(memo);
  if (known !== undefined) return known;
  for (let n = 0; n < 1_000_000; n++) {
    const candidate = `${prefix}${n.toString(36)}${name}`;
    if (keySlot(candidate) !== slot) continue;
    if (searched.size >= 1000) searched.delete(searched.keys().next().value as string);
    searched.set(memo, candidate);
    return candidate;
  }
  throw new TypeError(
    `✗ no Redis Cluster key '${prefix}…${name}' lands in slot ${slot}: the braces of '${prefix}' fix another slot — use a namespace without '{' or '}'`,
  );
}
