/**
 * The Lua scripts of a Redis cache with a byte budget (`maxSize`). Each runs atomically on the node of
 * the cache's hash tag (see `budgetKeys`), so every process sharing the Redis keeps one budget:
 * - `BUDGET_SET`: the guarded SET of `redis-guarded-set.ts`, which also forgets entries Redis has
 *   expired, evicts the least recently used entries until the new one fits, and records its bytes (the
 *   client's `entryBytes`, in ARGV: never STRLEN) and recency. It returns the evicted keys, with their
 *   records when the writer wants to report them, and the new total.
 * - `BUDGET_FILL`: `BUDGET_SET` for a loaded value, applied only while the key still holds the loading
 *   process's lease (see `redis-lease.ts`). A lease marker is never counted, evicted or reported.
 * - `BUDGET_TOUCH`: marks keys as used, in the order given. Hits are plain GETs: the keys they found
 *   wait in the reading process and go with its next `BUDGET_SET`, or in one `BUDGET_TOUCH` call.
 * - `BUDGET_DELETE`: DEL, and stop counting the key.
 * - `BUDGET_CLEAR`: drops up to ARGV[2] entries with their bookkeeping; called until none are left.
 */
import type { RedisScript } from "./redis-script.js";
import { HOLDS_LEASE_LUA, LEASE_MARK, leaseHeldLua } from "./redis-lease.js";
import { LATE_WRITE_GUARD_LUA } from "./redis-guarded-set.js";

// KEYS: entry, used, sizes, expires, sum.
// ARGV: record, ttl ms ("" = none), deadline (Redis ms), key, bytes, maxSize, entry prefix, "1" to return
// evicted records, then (BUDGET_FILL only) the lease token, then keys used since the last write
// (touched before anything is evicted).
// Reply: 0 when refused as late, -1 (BUDGET_FILL) when the lease is gone, else {1, total, evicted key, [its record,] …}.
// The write itself; the recency of keys touched since the last write is in ARGV[first…].
const STORE = (first: number) => `${HOLDS_LEASE_LUA}local used, sizes, expires, sum = KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local key, bytes, prefix = ARGV[4], tonumber(ARGV[5]), ARGV[7]
local total = tonumber(redis.call("HGET", sum, "bytes") or "0")
local function forget(member)
  local counted = redis.call("HGET", sizes, member)
  if counted then
    total = total - tonumber(counted)
    redis.call("HDEL", sizes, member)
  end
  redis.call("ZREM", used, member)
  redis.call("ZREM", expires, member)
end
-- A key whose entry expired may hold another process's lease by now: it stays.
for _, member in ipairs(redis.call("ZRANGEBYSCORE", expires, "-inf", now, "LIMIT", 0, 64)) do
  forget(member)
  if not holdsLease(prefix .. member) then redis.call("DEL", prefix .. member) end
end
if #ARGV >= ${first} then
  local tick = redis.call("HINCRBY", sum, "tick", #ARGV - ${first - 1})
  for i = ${first}, #ARGV do
    redis.call("ZADD", used, "XX", tick - #ARGV + i, ARGV[i])
  end
end
local old = redis.call("HGET", sizes, key)
if old then total = total - tonumber(old) end
total = total + bytes
local reply = {1, 0}
while total > tonumber(ARGV[6]) do
  -- The key being written may itself be the oldest: it is replaced, never evicted.
  local oldest = redis.call("ZRANGE", used, 0, 1)
  local victim = oldest[1]
  if victim == key then victim = oldest[2] end
  if not victim then
    total = bytes
    break
  end
  forget(victim)
  if ARGV[8] == "1" then
    local record = redis.call("GET", prefix .. victim)
    if record and string.sub(record, 1, ${LEASE_MARK.length}) ~= "${LEASE_MARK}" then
      redis.call("DEL", prefix .. victim)
      reply[#reply + 1] = victim
      reply[#reply + 1] = record
    end
  elseif not holdsLease(prefix .. victim) and redis.call("DEL", prefix .. victim) == 1 then
    reply[#reply + 1] = victim
  end
end
if ARGV[2] == "" then
  redis.call("SET", KEYS[1], ARGV[1])
  if old then redis.call("ZREM", expires, key) end
else
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  redis.call("ZADD", expires, now + tonumber(ARGV[2]), key)
end
redis.call("HSET", sizes, key, bytes)
redis.call("ZADD", used, redis.call("HINCRBY", sum, "tick", 1), key)
redis.call("HSET", sum, "bytes", total)
reply[2] = total
return reply`;

const SET = LATE_WRITE_GUARD_LUA + STORE(9);

// As SET, only while the entry key still holds the lease ARGV[9] (see redis-lease.ts).
const FILL = LATE_WRITE_GUARD_LUA + leaseHeldLua(9) + STORE(10);

// KEYS: used, sum. ARGV: keys. Reply: how many.
const TOUCH = `local tick = redis.call("HINCRBY", KEYS[2], "tick", #ARGV)
for i = 1, #ARGV do
  redis.call("ZADD", KEYS[1], "XX", tick - #ARGV + i, ARGV[i])
end
return #ARGV`;

// KEYS: entry, used, sizes, expires, sum. ARGV: key. Reply: {keys deleted, total}.
// A lease is not an entry: deleting one (it goes) reports 0.
const DELETE = `${HOLDS_LEASE_LUA}local lease = holdsLease(KEYS[1])
local deleted = redis.call("DEL", KEYS[1])
if lease then deleted = 0 end
local bytes = redis.call("HGET", KEYS[3], ARGV[1])
local total
if bytes then
  redis.call("HDEL", KEYS[3], ARGV[1])
  redis.call("ZREM", KEYS[2], ARGV[1])
  redis.call("ZREM", KEYS[4], ARGV[1])
  total = redis.call("HINCRBY", KEYS[5], "bytes", -tonumber(bytes))
else
  total = tonumber(redis.call("HGET", KEYS[5], "bytes") or "0")
end
return {deleted, total}`;

// KEYS: used, sizes, expires, sum. ARGV: entry prefix, batch size. Reply: {entries left, total}.
const CLEAR = `local members = redis.call("ZRANGE", KEYS[1], 0, tonumber(ARGV[2]) - 1)
local freed = 0
for _, member in ipairs(members) do
  freed = freed + tonumber(redis.call("HGET", KEYS[2], member) or "0")
  redis.call("DEL", ARGV[1] .. member)
  redis.call("HDEL", KEYS[2], member)
  redis.call("ZREM", KEYS[1], member)
  redis.call("ZREM", KEYS[3], member)
end
local left = redis.call("ZCARD", KEYS[1])
if left == 0 then
  redis.call("DEL", KEYS[2], KEYS[3])
  redis.call("HSET", KEYS[4], "bytes", 0)
  return {0, 0}
end
return {left, redis.call("HINCRBY", KEYS[4], "bytes", -freed)}`;

/** See the file comment. */
export const BUDGET_SET: RedisScript = { name: "budget set", sha: "28b8a2253e07a7f0f19998612950ce1880744aef", text: SET };
/** See the file comment. */
export const BUDGET_FILL: RedisScript = { name: "budget fill", sha: "603e4ca03070d82ddca356c381857bde997ad4d0", text: FILL };
/** See the file comment. */
export const BUDGET_TOUCH: RedisScript = { name: "budget touch", sha: "33b539ff1ff0f4b32d8d7898ba7bb4bfd2f73214", text: TOUCH };
/** See the file comment. */
export const BUDGET_DELETE: RedisScript = { name: "budget delete", sha: "3a7441b939b0db97e90c5e88719be54fbbb3605f", text: DELETE };
/** See the file comment. */
export const BUDGET_CLEAR: RedisScript = { name: "budget clear", sha: "6f8cb99ae3c73f1d2efccb682628db60d560d918", text: CLEAR };
