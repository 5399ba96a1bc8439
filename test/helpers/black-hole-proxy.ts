/**
 * A loopback TCP proxy in front of a server (a private Redis), for liveness tests: `blackHole()` stops
 * forwarding in both directions without closing anything — the connections look open, nothing
 * arrives, as with a half-open connection or a proxy that drops packets — and `heal()` forwards again
 * what was held back, in order, as TCP does once a partition heals. Stopped with `close()`.
 */
import { connect, createServer, type Socket } from "node:net";

/** A running proxy. */
export interface BlackHoleProxy {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`: where a client goes to pass through the proxy. */
  readonly url: string;
  /** Whether forwarding is stopped now. */
  readonly holed: boolean;
  /** Stops forwarding (both ways, every connection, new ones too) without closing a socket. */
  blackHole(): void;
  /** Forwards again, starting with what was held back. */
  heal(): void;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port to `127.0.0.1:targetPort`.
 *
 * @example
 * const proxy = await startBlackHoleProxy(redis.port);
 * const bus = redisBus(proxy.url, { namespace });
 * proxy.blackHole(); …; proxy.heal();
 */
export async function startBlackHoleProxy(targetPort: number): Promise<BlackHoleProxy> {
  const sockets = new Set<Socket>();
  let holed = false;
  // Not reading a socket is the black hole: the bytes wait in the kernel's buffers (then TCP's window
  // stops the sender), nobody is told, and `resume()` delivers them in order.
  const hold = (socket: Socket) => {
    if (holed) socket.pause();
  };
  const server = createServer((inbound) => {
    const outbound = connect({ host: "127.0.0.1", port: targetPort });
    // Plain 'data' handlers, not pipe(): pipe resumes a paused source when its destination drains.
    inbound.on("data", (chunk) => outbound.write(chunk));
    outbound.on("data", (chunk) => inbound.write(chunk));
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
      hold(socket);
    }
    inbound.on("close", () => outbound.destroy());
    outbound.on("close", () => inbound.destroy());
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get holed() {
      return holed;
    },
    blackHole() {
      holed = true;
      for (const socket of sockets) socket.pause();
    },
    heal() {
      holed = false;
      for (const socket of sockets) socket.resume();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
