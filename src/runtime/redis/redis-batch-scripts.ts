/**
 * The scripts of batch writes and soft invalidation on Redis: many keys in one script call (one round
 * trip), and an expire that is a compare-and-set, so it never marks a value another process wrote
 * meanwhile. Their SHA-1 literals are checked against their texts by test/redis/redis-batch-writes.test.ts.
 */
import { LEASE_MARK } from "./redis-lease.js";
import type { RedisScript } from "./redis-script.js";

// The late-write guard (redis-guarded-set.ts) on ARGV[1]: refused when Redis's clock is past the deadline.
const GUARD = `local t = redis.call("TIME")
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then return 0 end
`;

// KEYS: entries (one slot). ARGV: deadline (Redis ms), then per key its record and ttl ms ("" = none).
// Reply: 0 refused as late (nothing written), 1 all written. A SET removes a lease, as `set` does.
const SET_MANY_TEXT = `${GUARD}for i = 1, #KEYS do
  local ttl = ARGV[2 * i + 1]
  if ttl == "" then redis.call("SET", KEYS[i], ARGV[2 * i]) else redis.call("SET", KEYS[i], ARGV[2 * i], "PX", ttl) end
end
return 1`;

// KEYS: entries (one slot). Reply: per key 1 when an entry was deleted, 0 when none (or only a lease, which goes too).
const DELETE_MANY_TEXT = `local deleted = {}
for i = 1, #KEYS do
  local lease = redis.call("GETRANGE", KEYS[i], 0, ${LEASE_MARK.length - 1}) == "${LEASE_MARK}"
  local count = redis.call("DEL", KEYS[i])
  if lease then deleted[i] = 0 else deleted[i] = count end
end
return deleted`;

// KEYS: entry. ARGV: the record read, the record marked stale, keep ms. Reply: 1 marked, 0 the record changed since it was read.
const EXPIRE_TEXT = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
return 1`;

/** Guarded `SET`s of many keys of one slot in one call. */
export const SET_MANY: RedisScript = { name: "set many", sha: "1dfe929e53721c413f2d4580092280f9f6bf713a", text: SET_MANY_TEXT };
/** Lease-aware deletes of many keys of one slot in one call. */
export const DELETE_MANY: RedisScript = { name: "delete many", sha: "3d0a9b0e63b62d1fd96e5e725120a2eb66a38d36", text: DELETE_MANY_TEXT };
/** Soft invalidation of one key: compare-and-set of the stale-marked record. */
export const EXPIRE_IF_UNCHANGED: RedisScript = { name: "expire", sha: "c87de6b84eb60bd0a18a8a07e782f0e3d112ccd7", text: EXPIRE_TEXT };
