/**
 * Worker processes for multi-process tests: `node --import tsx <file>`, talking back one JSON object
 * per stdout line. Each worker is stopped by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A running worker. */
export interface Worker {
  readonly pid: number;
  /** Every JSON line the worker printed so far. */
  readonly messages: readonly Record<string, unknown>[];
  /** Waits for the first message (past or future) matching `predicate`. */
  next(predicate: (message: Record<string, unknown>) => boolean, withinMs?: number): Promise<Record<string, unknown>>;
  /** Sends one JSON line to the worker's stdin. */
  send(message: unknown): void;
  /** Resolves with the exit code (or signal) when the worker ends. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
  /** Text the worker printed on stderr (for failure messages). */
  readonly stderr: string;
}

/**
 * Starts `node --import tsx <file>` in the repository root with extra environment variables.
 *
 * @example
 * const worker = spawnWorker("test/redis/workers/increment.ts", { NAMESPACE: ns });
 * await worker.next((m) => m.ready === true);
 */
export function spawnWorker(file: string, env: Record<string, string> = {}): Worker {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<{ predicate: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }>();
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not a message: a stray log line
    }
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    pid: child.pid ?? -1,
    messages,
    get stderr() {
      return stderr;
    },
    exited,
    next(predicate, withinMs = 30_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: Record<string, unknown>) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`worker ${child.pid} sent no matching message within ${withinMs}ms; stderr:\n${stderr}`));
        }, withinMs);
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`worker ${child.pid} exited (${code}) before a matching message; stderr:\n${stderr}`));
        });
      });
    },
    send(message) {
      child.stdin?.write(`${JSON.stringify(message)}\n`);
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Reads JSON lines from this process's stdin (in a worker), calling `onMessage` for each. */
export function onParentMessage(onMessage: (message: Record<string, unknown>) => void | Promise<void>): void {
  createInterface({ input: process.stdin }).on("line", (line) => {
    try {
      // A handler's rejection stays unhandled on purpose: it ends the worker, which the parent sees.
      void onMessage(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // ignore what is not a message
    }
  });
}

/** Prints one message for the parent (in a worker). */
export function tellParent(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
