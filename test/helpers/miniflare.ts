import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

// A worker inside workerd, through miniflare 4.20260426.0 (the last release for Node 20). Settings from
// `cf: false` (else miniflare fetches cf.json from the internet at each start),
// loopback only, `nodejs_compat` for any `node:` import a bundled dependency may carry.

const shims = fileURLToPath(new URL("../browser/shims/", import.meta.url));

/** The compatibility date the edge tests run at. */
export const COMPATIBILITY_DATE = "2025-09-01";

/** A running worker. */
export interface Worker {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly mf: Miniflare;
  /** Disposes miniflare (no workerd process is left) and deletes the bundle. */
  close(): Promise<void>;
}

/**
 * Bundles a worker entry (TypeScript, our `src/` included) with esbuild to one ESM module and runs it in
 * workerd on a free loopback port.
 *
 * @example
 * const worker = await startWorker(new URL("../edge/worker/entry.ts", import.meta.url), { ORIGIN: origin.url })
 * await fetch(`${worker.url}c/product_cache?key=products%3A1`)
 * await worker.close()
 */
export async function startWorker(entry: URL, bindings: Record<string, string> = {}, options: { shims?: boolean } = {}): Promise<Worker> {
  const dir = await mkdtemp(join(tmpdir(), "borrowcache-worker-"));
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
    // With `shims`, node:test-style cases (the store contract) bundle against the browser shims.
    alias: { buffer: "node:buffer", ...(options.shims ? { "node:test": join(shims, "node-test.ts"), "node:assert/strict": join(shims, "assert.ts") } : {}) },
    define: options.shims ? { "process.pid": "0" } : {},
    external: ["node:*"],
  });
  const scriptPath = join(dir, "worker.mjs");
  const [output] = result.outputFiles ?? [];
  if (!output) throw new Error(`esbuild produced nothing for ${entry.href}`);
  await writeFile(scriptPath, output.text);
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // Module names are paths relative to modulesRoot (default: the cwd); a bundle in /tmp would need "..", which workerd refuses.
    modulesRoot: dir,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ["nodejs_compat"],
    bindings,
    cf: false,
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const url = (await mf.ready).href;
    return {
      url,
      mf,
      async close() {
        await mf.dispose();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mf.dispose().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
