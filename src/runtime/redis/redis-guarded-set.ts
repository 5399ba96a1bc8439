/**
 * A `SET` that Redis refuses once the caller has stopped waiting for it. Without it, a write that timed
 * out while Redis was paused (SIGSTOP, a long fork, a stalled network) sits in the socket and is
 * applied when Redis resumes, after the caller was told it failed: "a failed write leaves the old
 * value" would be false. The script compares Redis's own clock (`TIME`) with the call's deadline,
 * translated into Redis's clock by an offset measured at each (re)connect, minus a margin for the
 * reply's way back.
 */
import type { RedisCommander } from "./redis-connection.js";
import { runScript, type RedisScript } from "./redis-script.js";

const SCRIPT = `local t = redis.call("TIME")
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[3]) then return 0 end
if ARGV[2] == "" then redis.call("SET", KEYS[1], ARGV[1]) else redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2]) end
return 1`;
/** SHA-1 of `SCRIPT`, for EVALSHA (a literal, so this module needs no `node:crypto`; a test checks it). */
export const GUARDED_SET_SHA = "ddbe0ac07f1ddeee461c58279eb286228cad4b2a";
/** The script's text, exported for that test. */
export const GUARDED_SET_SCRIPT = SCRIPT;
const GUARDED_SET: RedisScript = { name: "guarded set", sha: GUARDED_SET_SHA, text: SCRIPT };

/**
 * The same refusal as the head of another script: returns 0 when Redis's clock (kept in `now`) is past
 * the deadline `ARGV[3]`.
 */
export const LATE_WRITE_GUARD_LUA = `local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now > tonumber(ARGV[3]) then return 0 end
`;

/** A write that reached Redis after its deadline and was refused. Used as the `cause` of a `StoreError`. */
export class LateWriteError extends Error {
  static readonly code = "E_REDIS_LATE_WRITE";
  override readonly name = "LateWriteError";
  constructor(readonly timeoutMs: number) {
    super(`redis received the write after its ${timeoutMs}ms deadline and refused it: the old value stays`);
  }
}

/**
 * Sends the guarded SET (EVALSHA, loading the script on NOSCRIPT). Resolves `true` when written,
 * `false` when refused as late.
 *
 * @example
 * declare const client: import("./redis-connection.js").RedisCommander, text: string, offset: number, margin: number
 * await guardedSet(client, "app::notes::note:1", text, 60_000, Date.now() + 1000 + offset - margin)
 */
export async function guardedSet(
  client: RedisCommander,
  key: string,
  payload: string | Buffer,
  ttlMs: number | undefined,
  redisDeadline: number,
): Promise<boolean> {
  const options = { keys: [key], arguments: [payload, ttlArgument(ttlMs), String(Math.floor(redisDeadline))] };
  return (await runScript(client, GUARDED_SET, options)) === 1;
}

/**
 * A store's `ttlMs` as a script's PX argument: whole milliseconds, at least 1; `""` for none.
 *
 * @example
 * ttlArgument(1500.2)    //=> "1501"
 * ttlArgument(undefined) //=> ""
 */
export function ttlArgument(ttlMs: number | undefined): string {
  return ttlMs === undefined ? "" : String(Math.max(1, Math.ceil(ttlMs)));
}

/**
 * Redis's clock minus ours, in ms, from `TIME` at the midpoint of the quickest of a few round trips
 * (as NTP does): a round trip stretched by a busy event loop (module loading at start-up) would put
 * the midpoint far from Redis's reading and make every write look late. Undefined when no round trip
 * was quick enough to trust (`maxRoundTripMs`).
 *
 * @example
 * declare const client: import("./redis-connection.js").RedisCommander
 * const offset = await measureClockOffset(client, 20) // ~0 on one machine
 */
export async function measureClockOffset(client: RedisCommander, maxRoundTripMs: number, samples = 5): Promise<number | undefined> {
  let best: { offset: number; roundTrip: number } | undefined;
  for (let i = 0; i < samples; i++) {
    const before = Date.now();
    const [seconds, micros] = (await client.sendCommand(["TIME"])) as [string, string];
    const after = Date.now();
    const sample = { offset: Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (before + after) / 2, roundTrip: after - before };
    if (!best || sample.roundTrip < best.roundTrip) best = sample;
  }
  return best && best.roundTrip <= maxRoundTripMs ? best.offset : undefined;
}
