/**
 * Fill leases on Redis (G1 across processes; Facebook's memcache leases, kept in the key itself): a
 * process that missed a key places a lease marker there (`SET NX PX`, in `LEASE`) before it asks its
 * source, and stores what it loaded only if the marker is still there (`FILL`). Every write, delete and
 * clear replaces or removes the marker, so a fill that a write overtook is refused by Redis, atomically.
 * Over a value (a refresh), the lease is the value's SHA-1: the fill replaces it only if it is unchanged.
 * A marker is not JSON, so it can never be taken for an entry: text partitions read it as a miss.
 */
import type { RedisScript } from "./redis-script.js";
import { LATE_WRITE_GUARD_LUA } from "./redis-guarded-set.js";

/** How a lease marker starts: `~lease:<token>`. An entry's JSON starts with `{`. */
export const LEASE_MARK = "~lease:";

/**
 * Whether a stored record is a lease marker, not an entry.
 *
 * @example
 * isLeaseMarker("~lease:5f0c…") //=> true
 * isLeaseMarker('{"v":1,"t":5}') //=> false
 */
export function isLeaseMarker(record: string): boolean {
  return record.startsWith(LEASE_MARK);
}

/**
 * Lua, for a fill script: returns -1 unless `KEYS[1]` still holds the lease `ARGV[<tokenArg>]` — its
 * marker, or a value whose SHA-1 is the token. Shared with the fill of a cache with a byte budget.
 */
export function leaseHeldLua(tokenArg: number): string {
  return `local held = redis.call("GET", KEYS[1])
if not held then return -1 end
if string.sub(held, 1, ${LEASE_MARK.length}) == "${LEASE_MARK}" then
  if held ~= "${LEASE_MARK}" .. ARGV[${tokenArg}] then return -1 end
elseif redis.sha1hex(held) ~= ARGV[${tokenArg}] then return -1 end
`;
}

/**
 * Lua: whether the record at `key` is a lease marker (a prefix read, not the whole value). Used where
 * a script must not delete a lease as if it were an entry.
 */
export const HOLDS_LEASE_LUA = `local function holdsLease(key)
  return redis.call("GETRANGE", key, 0, ${LEASE_MARK.length - 1}) == "${LEASE_MARK}"
end
`;

// KEYS: entry. ARGV: marker, ttl ms, deadline (Redis ms).
// Reply: 0 refused as late, 1 lease placed, 2 another lease is there, {record, its SHA-1} a value is there.
const LEASE_TEXT = `${LATE_WRITE_GUARD_LUA}local v = redis.call("GET", KEYS[1])
if not v then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
if string.sub(v, 1, ${LEASE_MARK.length}) == "${LEASE_MARK}" then return 2 end
return {v, redis.sha1hex(v)}`;

// KEYS: entry. ARGV: record, ttl ms ("" = none), deadline (Redis ms), token.
// Reply: 0 refused as late, -1 the lease is gone (a write came), 1 stored.
const FILL_TEXT = `${LATE_WRITE_GUARD_LUA}${leaseHeldLua(4)}if ARGV[2] == "" then redis.call("SET", KEYS[1], ARGV[1]) else redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2]) end
return 1`;

// KEYS: entry. Reply: 1 when an entry was deleted, 0 when there was none (or only a lease, which goes too).
const DELETE_TEXT = `${HOLDS_LEASE_LUA}local lease = holdsLease(KEYS[1])
local deleted = redis.call("DEL", KEYS[1])
if lease then return 0 end
return deleted`;

/** See the file comment. */
export const LEASE: RedisScript = { name: "lease", sha: "2c4b9deb1c2daed8fa61df49dfcfb5e11da630f3", text: LEASE_TEXT };
/** See the file comment. */
export const FILL: RedisScript = { name: "fill", sha: "b048b102790b1d2d7362dd8da654bc3a600e18aa", text: FILL_TEXT };
// KEYS: entry. ARGV: marker. Reply: 1 when this process's lease was there and is gone, 0 otherwise.
const RELEASE_TEXT = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0`;

/** Frees a lease whose load stored nothing: compare-and-delete, so a value or another process's lease stays. */
export const RELEASE: RedisScript = { name: "release", sha: "c0dbe42e510e0f584f62088e5789f9094f684428", text: RELEASE_TEXT };
/** A DEL that does not count a lease as a deleted entry. */
export const LEASE_AWARE_DELETE: RedisScript = { name: "delete", sha: "6533c6f00465a86f3eabe413a7899511fb5db2f3", text: DELETE_TEXT };
