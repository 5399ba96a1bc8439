/**
 * A private memcached for the @keyv/memcache tests: started on a free loopback port (`-U 0`: no UDP;
 * `-u nobody` when run as root, which memcached requires), stopped by PID, and started again on the
 * same port for the recovery cases. Never a shared memcached.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "../helpers/redis-server.js";

/** A private memcached that may be stopped and started again. */
export interface PrivateMemcached {
  readonly port: number;
  /** `127.0.0.1:<port>`, as @keyv/memcache takes it. */
  readonly uri: string;
  /** Whether a server process is running now. */
  readonly running: boolean;
  /** Starts the server (again) on `port`; waits until it answers `version`. */
  start(): Promise<void>;
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>;
}

/** Whether the memcached binary is installed. */
export function hasMemcached(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("memcached", ["-V"], { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
}

/**
 * A memcached on a free port, not started yet unless `started` (the default).
 *
 * @example
 * const memcached = await privateMemcached();
 * try { … } finally { await memcached.kill() }
 */
export async function privateMemcached(started = true): Promise<PrivateMemcached> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: PrivateMemcached = {
    port,
    uri: `127.0.0.1:${port}`,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start() {
      if (server.running) return;
      const args = ["-l", "127.0.0.1", "-p", String(port), "-U", "0", "-m", "256"];
      if (process.getuid?.() === 0) args.push("-u", "nobody");
      const next = spawn("memcached", args, { stdio: "ignore" });
      next.on("error", () => {});
      // A test process that ends without its cleanup (a timeout, process.exit) must not leave it running.
      const stop = () => next.kill("SIGKILL");
      process.once("exit", stop);
      next.once("exit", () => process.off("exit", stop));
      child = next;
      for (let i = 0; i < 100; i++) {
        if (next.exitCode !== null || next.signalCode !== null) break;
        if (await answersVersion(port)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await server.kill();
      throw new Error(`memcached did not start on port ${port}`);
    },
    async kill() {
      const current = child;
      child = undefined;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.kill("SIGKILL");
      await exited;
    },
  };
  if (started) await server.start();
  return server;
}

function answersVersion(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 200);
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("version\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("VERSION")));
  });
}
