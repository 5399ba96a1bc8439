/**
 * A loopback TCP proxy in front of Redis that can black-hole: stop forwarding in both directions
 * without closing anything, as a half-open connection or a dropping firewall does. Connections it
 * black-holed stay dead after `recover()` (their streams lost bytes); connections made after it
 * forward again.
 */
import { connect, createServer, type Socket } from "node:net";

/** A running proxy. */
export interface BlackholeProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Drops every byte of every current and new connection, and closes nothing. */
  blackhole(): void;
  /** New connections forward again. */
  recover(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `target` on a free loopback port.
 *
 * @example
 * const proxy = await blackholeProxy({ host: "127.0.0.1", port: 6379 });
 * const bus = redisBus(REDIS_URL, { subscriber: proxy.url });
 * proxy.blackhole();
 */
export async function blackholeProxy(target: { host: string; port: number }): Promise<BlackholeProxy> {
  const sockets = new Set<Socket>();
  const live = new Set<{ dead: boolean }>();
  let holing = false;
  let accepted = 0;
  const server = createServer((client) => {
    accepted++;
    const link = { dead: holing };
    live.add(link);
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        sockets.delete(socket);
        live.delete(link);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk) => {
      if (!link.dead) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!link.dead) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
    blackhole() {
      holing = true;
      for (const link of live) link.dead = true;
    },
    recover() {
      holing = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
