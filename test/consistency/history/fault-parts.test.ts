// The parts the history scenarios fault with, on a private redis-server: the black-holing proxy holds
// traffic without closing and delivers it on heal; the append-only server keeps an acknowledged write
// across SIGKILL and a restart on the same port.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@redis/client";
import { startBlackHoleProxy } from "../../helpers/black-hole-proxy.js";
import { startRedisServer, type PrivateRedis } from "../../helpers/redis-server.js";

const servers: PrivateRedis[] = [];
after(async () => {
  for (const server of servers) await server.stop();
});

async function client(url: string) {
  const redis = createClient({ url, socket: { reconnectStrategy: () => 50 } });
  redis.on("error", () => {});
  await redis.connect();
  return redis;
}

describe("the history's fault parts", () => {
  it("a black-holed proxy answers nothing and closes nothing; healed, it delivers what it held, in order", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const proxy = await startBlackHoleProxy(server.port);
    const redis = await client(proxy.url);
    let closed = false;
    redis.on("end", () => (closed = true));
    try {
      assert.equal(await redis.ping(), "PONG");
      proxy.blackHole();
      const held = Promise.all([redis.set("k", "1"), redis.get("k")]);
      const answered = await Promise.race([held.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 500))]);
      assert.equal(answered, false, "nothing came back through the black hole");
      assert.equal(closed, false, "the connection still looks open");
      proxy.heal();
      assert.deepEqual(await held, ["OK", "1"]);
    } finally {
      redis.destroy();
      await proxy.close();
    }
  });

  it("an append-only private redis-server keeps an acknowledged write across SIGKILL and a restart on its port", async () => {
    const server = await startRedisServer({ appendOnly: true });
    servers.push(server);
    const before = await client(server.url);
    await before.set("kept", "yes");
    before.destroy();
    const pid = server.pid;
    await server.kill();
    await server.restart();
    assert.notEqual(server.pid, pid);
    const after = await client(server.url);
    try {
      assert.equal(await after.get("kept"), "yes");
    } finally {
      after.destroy();
    }
  });
});
