/**
 * A Lua script sent by its SHA-1 (EVALSHA), and by its text only when Redis answers NOSCRIPT (a
 * restarted Redis, a new cluster node, SCRIPT FLUSH). The SHA is a literal next to the text, so this
 * module needs no `node:crypto`; test/redis/redis-store.test.ts checks every literal against its text.
 */
import { ErrorReply } from "@redis/client";

/** A script's text and the SHA-1 Redis knows it by. */
export interface RedisScript {
  readonly name: string;
  readonly sha: string;
  readonly text: string;
}

/** What can run a script: a node-redis client or cluster client, in text or binary reply mode. */
export interface ScriptRunner {
  evalSha(sha: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown>;
}

/**
 * Runs `script` on the node of `keys[0]` (EVALSHA, then EVAL on NOSCRIPT).
 *
 * @example
 * declare const client: ScriptRunner, script: RedisScript, key: string, payload: string, deadline: string
 * const reply = await runScript(client, script, { keys: [key], arguments: [payload, "", deadline] })
 */
export async function runScript(client: ScriptRunner, script: RedisScript, options: { keys: string[]; arguments: (string | Buffer)[] }): Promise<unknown> {
  try {
    return await client.evalSha(script.sha, options);
  } catch (error) {
    if (!(error instanceof ErrorReply) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(script.text, options);
  }
}
