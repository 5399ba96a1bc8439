/**
 * The Lua scripts of the Redis lock (`redis-lock.ts`). A lock is three keys in one slot:
 * - the lock key: the holder's token, expiring after the lock's ttl (`SET NX PX`, as before the queue,
 *   so a process that knows no queue still excludes and is excluded);
 * - the queue: a sorted set of waiters' tokens scored by arrival; only its head may take a free lock;
 * - the leases: the same tokens scored by when their waiter stops counting (Redis's clock, ms). A
 *   waiter renews its lease each time it asks; a waiter that died or gave up without a word stops
 *   blocking the queue when its lease runs out.
 * Whoever frees the lock (a release, a waiter leaving the head) publishes the new head's token on the
 * wake channel, so that waiter asks again at once instead of at its next poll.
 */
import type { RedisScript } from "./redis-script.js";

// Time on Redis's clock, and waiters whose lease ran out dropped from the queue.
const PRELUDE = `local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call("ZRANGEBYSCORE", KEYS[3], "-inf", now, "LIMIT", 0, 100)
if #dead > 0 then
  redis.call("ZREM", KEYS[2], unpack(dead))
  redis.call("ZREM", KEYS[3], unpack(dead))
end
`;

// KEYS: lock, queue, leases. ARGV: token, ttl ms, lease ms, wake channel, "1" to queue when not taken.
// Nobody queued (the common case): a plain SET NX.
// Reply: {1} taken; {0, place in the queue (0 = head, -1 = not queued), the lock's PTTL (-2 = free)}.
const ACQUIRE_TEXT = `if redis.call("EXISTS", KEYS[2]) == 0 and redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return {1} end
${PRELUDE}local head = redis.call("ZRANGE", KEYS[2], 0, 0)[1]
local free = redis.call("EXISTS", KEYS[1]) == 0
if free and (head == nil or head == ARGV[1]) then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  if head then
    redis.call("ZREM", KEYS[2], head)
    redis.call("ZREM", KEYS[3], head)
  end
  return {1}
end
if ARGV[5] ~= "1" then return {0, -1, redis.call("PTTL", KEYS[1])} end
local place = redis.call("ZRANK", KEYS[2], ARGV[1])
if not place then
  local last = redis.call("ZRANGE", KEYS[2], -1, -1, "WITHSCORES")
  redis.call("ZADD", KEYS[2], (tonumber(last[2]) or 0) + 1, ARGV[1])
  place = redis.call("ZCARD", KEYS[2]) - 1
end
local lease = tonumber(ARGV[3])
redis.call("ZADD", KEYS[3], now + lease, ARGV[1])
for i = 2, 3 do
  if redis.call("PTTL", KEYS[i]) < 2 * lease then redis.call("PEXPIRE", KEYS[i], 2 * lease) end
end
if free and head then redis.call("PUBLISH", ARGV[4], head) end
return {0, place, redis.call("PTTL", KEYS[1])}`;

// KEYS: lock, queue, leases. ARGV: token, wake channel. Reply: 1 released, 0 not the holder's (any more).
const RELEASE_TEXT = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
redis.call("DEL", KEYS[1])
if redis.call("EXISTS", KEYS[2]) == 0 then return 1 end
${PRELUDE}local head = redis.call("ZRANGE", KEYS[2], 0, 0)[1]
if head then redis.call("PUBLISH", ARGV[2], head) end
return 1`;

// KEYS: lock, queue, leases. ARGV: token, wake channel. A waiter that gives up: out of the queue, and
// the next one woken if the lock is free.
const LEAVE_TEXT = `redis.call("ZREM", KEYS[2], ARGV[1])
redis.call("ZREM", KEYS[3], ARGV[1])
if redis.call("EXISTS", KEYS[1]) == 0 then
  local head = redis.call("ZRANGE", KEYS[2], 0, 0)[1]
  if head then redis.call("PUBLISH", ARGV[2], head) end
end
return 1`;

// KEYS: lock. ARGV: token, ttl ms. Reply: 1 extended, 0 not the holder's (any more).
const EXTEND_TEXT = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** Takes a free lock for the head of its queue (or a lone caller), else queues the caller. */
export const LOCK_ACQUIRE: RedisScript = { name: "lock acquire", sha: "c43f3c34332a72fa050269f22f1076a86069b074", text: ACQUIRE_TEXT };
/** Compare-and-delete, then wakes the queue's head. */
export const LOCK_RELEASE: RedisScript = { name: "lock release", sha: "3961bdeb62313380127409db428e19962cb4710b", text: RELEASE_TEXT };
/** A waiter leaves the queue. */
export const LOCK_LEAVE: RedisScript = { name: "lock leave", sha: "549ed9cd2ad280b4d6f9c5e75cbd09e18c6b89c9", text: LEAVE_TEXT };
/** Compare-and-pexpire: the holder keeps its lock. */
export const LOCK_EXTEND: RedisScript = { name: "lock extend", sha: "a7aba3bc5d6e99b3003da8b9d80a63b9f4092ecf", text: EXTEND_TEXT };

/** Every script of the lock, for the test that checks each SHA against its text. */
export const LOCK_SCRIPTS: readonly RedisScript[] = [LOCK_ACQUIRE, LOCK_RELEASE, LOCK_LEAVE, LOCK_EXTEND];
