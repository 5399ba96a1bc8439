/**
 * A private `redis-server` for tests that break Redis (pause, kill, restart): started on a free
 * loopback port with no persistence (or, on request, an append-only file synced on every write) and a
 * directory of its own, controlled and stopped by PID, never the shared 6379.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running private Redis. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** The PID of the current redis-server process. */
  readonly pid: number;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** SIGKILL, and waits until the process is gone (its data is lost, unless started with `appendOnly`). */
  kill(): Promise<void>;
  /** Starts a new server on the same port (after `kill`), and waits until it answers PING. */
  restart(): Promise<void>;
  /** Stops the server (SIGCONT first if paused, then SIGKILL) and removes its directory. */
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a Redis on `port` answers PING within `ms`. */
export function pings(port: number, ms = 200): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

/** Options of `startRedisServer`. */
export interface RedisServerOptions {
  /** `--appendonly yes --appendfsync always`: every acknowledged write survives a SIGKILL and `restart`. */
  readonly appendOnly?: boolean;
}

/**
 * Starts a private redis-server (`--save "" --appendonly no`, its own dir) on a free port.
 *
 * @example
 * const redis = await startRedisServer({ appendOnly: true });
 * try { redis.pause(); …; redis.resume() } finally { await redis.stop() }
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), "borrowcache-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const started = launch(port, dir, options);
    if (await answers(port, started)) child = started;
    else await stopChild(started);
  }
  if (!child) throw new Error("could not start a private redis-server");
  let current: ChildProcess = child;
  let paused = false;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return current.pid ?? -1;
    },
    pause() {
      current.kill("SIGSTOP");
      paused = true;
    },
    resume() {
      current.kill("SIGCONT");
      paused = false;
    },
    async kill() {
      await stopChild(current);
      paused = false;
    },
    async restart() {
      const next = launch(port, dir, options);
      if (!(await answers(port, next))) {
        await stopChild(next);
        throw new Error(`could not restart redis-server on port ${port}`);
      }
      current = next;
    },
    async stop() {
      if (paused) current.kill("SIGCONT");
      await stopChild(current);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function launch(port: number, dir: string, options: RedisServerOptions): ChildProcess {
  const persistence = options.appendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence, "--dir", dir, "--daemonize", "no", "--logfile", ""],
    { stdio: "ignore" },
  );
  child.on("error", () => {});
  return child;
}

async function answers(port: number, child: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await pings(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}
