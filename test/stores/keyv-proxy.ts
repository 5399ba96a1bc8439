/**
 * A loopback TCP proxy in front of a real server, to take that server away from one client without
 * touching the server (PostgreSQL, MariaDB and Redis on this machine are shared): `down()` closes
 * every connection and stops listening, so connects are refused; `up()` listens again on the same
 * port. `blackhole()` keeps connections open but forwards nothing (a server that stopped answering).
 *
 * @example
 * const proxy = await startProxy(5432)
 * const url = `postgresql://u:p@127.0.0.1:${proxy.port}/db`
 * await proxy.down() // the client sees ECONNRESET, then ECONNREFUSED
 */
import { createServer, connect, type Server, type Socket } from "node:net";

/** A running proxy. */
export interface TcpProxy {
  readonly port: number;
  /** Closes every connection and refuses new ones. */
  down(): Promise<void>;
  /** Accepts and forwards connections again, on the same port. */
  up(): Promise<void>;
  /** Accepts connections but forwards nothing, in either direction, until `up()`. */
  blackhole(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port (or `port`) forwarding to `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startProxy(6379)
 */
export async function startProxy(targetPort: number, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let holes = false;
  let server: Server | undefined;
  const listen = (onPort: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(targetPort, "127.0.0.1");
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        client.on("data", (data) => {
          if (!holes) upstream.write(data);
        });
        upstream.on("data", (data) => {
          if (!holes) client.write(data);
        });
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      next.once("error", reject);
      next.listen(onPort, "127.0.0.1", () => resolve(next));
    });
  server = await listen(port);
  const bound = (server.address() as { port: number }).port;
  const stop = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    port: bound,
    down: stop,
    async up() {
      holes = false;
      if (!server) server = await listen(bound);
    },
    blackhole() {
      holes = true;
    },
    close: stop,
  };
}
