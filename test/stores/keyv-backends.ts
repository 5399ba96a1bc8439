/**
 * The keyv adapters people install, each on its real backend, for test/stores/keyv-adapters.test.ts and
 * bench/keyv/: how to reach the backend, how to build the adapter (with the settings docs/stores.md
 * gives), how to take the backend away from one client (a fault) and what to remove afterwards.
 *
 * Nothing here touches anyone else's data: SQL tables are named per run in the tests' own database
 * (`borrowcache_test`, made by scripts/setup-test-env.sh), Redis keys live under a run namespace,
 * memcached is a private one on a free port, sqlite and keyv-file write in a temporary directory.
 * Faults never stop a shared server: PostgreSQL, MariaDB and Redis are reached through a loopback proxy
 * the test closes (`keyv-proxy.ts`); memcached is the test's own, killed by PID; sqlite is locked by
 * another connection (`BEGIN EXCLUSIVE`); keyv-file's directory is replaced by a file.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import KeyvPostgres from "@keyv/postgres";
import KeyvMysql from "@keyv/mysql";
import KeyvValkey from "@keyv/valkey";
import KeyvRedis from "@keyv/redis";
import KeyvMemcache from "@keyv/memcache";
import { KeyvFile } from "keyv-file";
import sqlite3 from "sqlite3";
import type { KeyvAdapter } from "../../src/runtime/stores/keyv-store.js";
import { pgClientGuard } from "../../src/runtime/stores/keyv-adapters.js";
import { pings } from "../helpers/redis-server.js";
import { deleteNamespace, REDIS_URL } from "../redis/support.js";
import { startProxy, type TcpProxy } from "./keyv-proxy.js";
import { hasMemcached, privateMemcached, type PrivateMemcached } from "./keyv-memcached.js";

/** The adapters, in the order the table lists them. */
export const BACKEND_NAMES = ["@keyv/sqlite", "@keyv/postgres", "@keyv/mysql", "@keyv/valkey", "@keyv/redis", "@keyv/memcache", "keyv-file"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Where an adapter connects: JSON, so a child process builds the same adapter. */
export interface Target {
  readonly backend: BackendName;
  /** URL, memcached `host:port`, or a file path. */
  readonly at: string;
  /** SQL table name. */
  readonly table?: string | undefined;
  /** Redis set name of @keyv/valkey (its `namespace`). */
  readonly setName?: string | undefined;
}

/** The backend as one client sees it, taken away and given back. */
export interface Fault {
  readonly target: Target;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** One backend, started for a run. */
export interface BackendRun {
  readonly name: BackendName;
  /** The run's namespace (keyvStore's, and Redis key prefix). */
  readonly namespace: string;
  readonly target: Target;
  /** A fault point in front of this run's backend. */
  fault(): Promise<Fault>;
  /** Removes what the run wrote. */
  cleanup(): Promise<void>;
}

export const PG_URL = process.env["BORROWCACHE_PG_URL"] ?? "postgresql://borrowcache_test:borrowcache_test@127.0.0.1:5432/borrowcache_test";
export const MYSQL_URL = process.env["BORROWCACHE_MYSQL_URL"] ?? "mysql://borrowcache_test:borrowcache_test@127.0.0.1:3306/borrowcache_test";

/**
 * The adapter for a target, built with the settings docs/stores.md recommends.
 *
 * @example
 * const adapter = adapterFor({ backend: "@keyv/sqlite", at: "/tmp/x/cache.db", table: "t" })
 */
export function adapterFor(target: Target): KeyvAdapter {
  switch (target.backend) {
    case "@keyv/sqlite":
      return new KeyvSqlite({ uri: `sqlite://${target.at}`, table: target.table ?? "keyv" });
    case "@keyv/postgres":
      return new KeyvPostgres({ uri: target.at, table: target.table ?? "keyv", onConnect: pgClientGuard });
    case "@keyv/mysql":
      return new KeyvMysql({ uri: target.at, table: target.table ?? "keyv" });
    case "@keyv/valkey": {
      const adapter = new KeyvValkey(target.at);
      adapter.namespace = target.setName; // its set of written keys is then `namespace:<setName>`, not one shared `namespace:`
      return adapter;
    }
    case "@keyv/redis":
      return new KeyvRedis(target.at, { throwOnErrors: true });
    case "@keyv/memcache":
      // memjs logs every failed retry to the console unless given a logger.
      return new KeyvMemcache(target.at, { logger: { log: () => {} } });
    case "keyv-file":
      return fileAdapter(target.at);
  }
}

/**
 * Closes an adapter's connections (its own, or its module's pool), giving up after a second: a client
 * whose server is away may wait for it forever to say goodbye.
 */
export async function disconnect(adapter: KeyvAdapter): Promise<void> {
  if ([...files.values()].includes(adapter)) return; // shared per file (see adapterFor); keyv-file holds nothing open
  const closable = adapter as { disconnect?: () => unknown; client?: { close?: () => void } };
  if (closable.client?.close && !closable.disconnect) closable.client.close();
  const closing = Promise.resolve()
    .then(() => closable.disconnect?.())
    .catch(() => {});
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
}

// keyv-file keeps the whole file in memory and rewrites it on each write: two instances on one file in
// one process overwrite each other's writes (and can interleave them). An application has one; so do we.
const files = new Map<string, KeyvAdapter>();
const fileAdapter = (filename: string): KeyvAdapter => {
  let adapter = files.get(filename);
  if (!adapter) files.set(filename, (adapter = new KeyvFile({ filename, writeDelay: 5 }) as unknown as KeyvAdapter));
  return adapter;
};

const runId = (): string => `${process.pid}_${randomBytes(4).toString("hex")}`;

/**
 * Why `name`'s backend is not reachable here, or undefined when it is.
 *
 * @example
 * if (await missing("@keyv/postgres")) …
 */
export async function missing(name: BackendName): Promise<string | undefined> {
  switch (name) {
    case "@keyv/sqlite":
    case "keyv-file":
      return undefined;
    case "@keyv/postgres":
      return (await sqlAnswers({ backend: name, at: PG_URL, table: `probe_${runId()}` })) ? undefined : (
          `no PostgreSQL with role and database borrowcache_test on ${new URL(PG_URL).host} (scripts/setup-test-env.sh creates them)`
        );
    case "@keyv/mysql":
      return (await sqlAnswers({ backend: name, at: MYSQL_URL, table: `probe_${runId()}` })) ? undefined : (
          `no MariaDB/MySQL with user and database borrowcache_test on ${new URL(MYSQL_URL).host} (scripts/setup-test-env.sh creates them)`
        );
    case "@keyv/valkey":
    case "@keyv/redis":
      return (await pings(Number(new URL(REDIS_URL).port || 6379), 500)) ? undefined : `no Redis on ${REDIS_URL}`;
    case "@keyv/memcache":
      return (await hasMemcached()) ? undefined : "no memcached binary (apt-get install -y memcached)";
  }
}

// Creates (and drops) a probe table: the role exists and may create tables.
async function sqlAnswers(target: Target): Promise<boolean> {
  const adapter = adapterFor(target) as unknown as {
    on(e: string, f: () => void): void;
    query(sql: string): Promise<unknown>;
    get(key: string): Promise<unknown>;
  };
  adapter.on("error", () => {});
  const answered = await Promise.race([
    adapter.get("probe").then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000).unref()),
  ]);
  if (answered) await adapter.query(`DROP TABLE IF EXISTS ${target.table}`).catch(() => {});
  return answered;
}

/**
 * Starts `name` for a run: a table, namespace, directory or private server of its own.
 *
 * @example
 * const run = await startBackend("@keyv/memcache"); try { … } finally { await run.cleanup() }
 */
export async function startBackend(name: BackendName): Promise<BackendRun> {
  const id = runId();
  const namespace = `bc-test-${id}`;
  switch (name) {
    case "@keyv/sqlite": {
      const dir = mkdtempSync(join(tmpdir(), "borrowcache-sqlite-"));
      const target: Target = { backend: name, at: join(dir, "cache.db"), table: "keyv" };
      return {
        name,
        namespace,
        target,
        fault: () => sqliteFault(dir),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case "@keyv/postgres":
    case "@keyv/mysql": {
      const url = name === "@keyv/postgres" ? PG_URL : MYSQL_URL;
      const table = `keyv_bc_${id}`;
      const target: Target = { backend: name, at: url, table };
      // Each fault gets a table of its own, never created before: an adapter made while the database is
      // away must create it once the database is back (what @keyv/postgres alone never does).
      const tables: Target[] = [target];
      return {
        name,
        namespace,
        target,
        fault: () => {
          const own: Target = { ...target, table: `${table}_f${tables.length}` };
          tables.push(own);
          return proxyFault(own, (port) => withPort(url, port));
        },
        cleanup: async () => {
          for (const each of tables) await dropTable(each);
        },
      };
    }
    case "@keyv/valkey":
    case "@keyv/redis": {
      const target: Target = { backend: name, at: REDIS_URL, setName: namespace };
      return {
        name,
        namespace,
        target,
        fault: () => proxyFault(target, (port) => withPort(REDIS_URL, port)),
        cleanup: async () => {
          await deleteNamespace(namespace);
          await deleteNamespace(`namespace:${namespace}`);
        },
      };
    }
    case "@keyv/memcache": {
      const server = await privateMemcached();
      const target: Target = { backend: name, at: server.uri };
      return {
        name,
        namespace,
        target,
        fault: () => memcachedFault(),
        cleanup: () => server.kill(),
      };
    }
    case "keyv-file": {
      const dir = mkdtempSync(join(tmpdir(), "borrowcache-keyv-file-"));
      const target: Target = { backend: name, at: join(dir, "data", "cache.json") };
      return {
        name,
        namespace,
        target,
        fault: async () => fileFault(),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
  }
}

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

async function dropTable(target: Target): Promise<void> {
  const adapter = adapterFor(target) as unknown as { on(e: string, f: () => void): void; query(sql: string): Promise<unknown> };
  adapter.on("error", () => {});
  await adapter.query(`DROP TABLE IF EXISTS ${target.table}`).catch(() => {});
}

// A proxy in front of the shared server: down closes every connection and refuses new ones.
async function proxyFault(target: Target, through: (port: number) => string): Promise<Fault> {
  const serverPort = Number(new URL(target.at).port);
  const proxy: TcpProxy = await startProxy(serverPort);
  return {
    target: { ...target, at: through(proxy.port) },
    down: () => proxy.down(),
    up: () => proxy.up(),
    close: () => proxy.close(),
  };
}

// A private memcached of the fault's own: down kills it, up starts it again on the same port.
async function memcachedFault(): Promise<Fault> {
  const server: PrivateMemcached = await privateMemcached();
  return {
    target: { backend: "@keyv/memcache", at: server.uri },
    down: () => server.kill(),
    up: () => server.start(),
    close: () => server.kill(),
  };
}

// A database file another connection locks (BEGIN EXCLUSIVE): while down, every statement of the
// adapter gets SQLITE_BUSY, including the CREATE TABLE of an adapter created then.
async function sqliteFault(dir: string): Promise<Fault> {
  const faultDir = join(dir, `fault-${randomBytes(3).toString("hex")}`);
  mkdirSync(faultDir);
  const file = join(faultDir, "cache.db");
  const exec = (db: sqlite3.Database, sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  let holder: sqlite3.Database | undefined;
  const up = async (): Promise<void> => {
    const db = holder;
    holder = undefined;
    if (!db) return;
    await exec(db, "COMMIT");
    await new Promise<void>((resolve) => db.close(() => resolve()));
  };
  return {
    target: { backend: "@keyv/sqlite", at: file, table: "keyv" },
    async down() {
      if (holder) return;
      holder = await new Promise<sqlite3.Database>((resolve, reject) => {
        const db: sqlite3.Database = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(db)));
      });
      await exec(holder, "BEGIN EXCLUSIVE");
    },
    up,
    close: up,
  };
}

// keyv-file's directory replaced by a plain file: its writes fail (ENOTDIR); it answers reads from memory.
function fileFault(): Fault {
  const dir = mkdtempSync(join(tmpdir(), "borrowcache-keyv-file-fault-"));
  const dataDir = join(dir, "data");
  mkdirSync(dataDir);
  return {
    target: { backend: "keyv-file", at: join(dataDir, "cache.json") },
    async down() {
      rmSync(dataDir, { recursive: true, force: true });
      writeFileSync(dataDir, "not a directory");
    },
    async up() {
      rmSync(dataDir, { force: true });
      mkdirSync(dataDir, { recursive: true });
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
