import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { serveNode, type NodeServer, type WebHandler } from "../../src/node/serve-node.js";

// Real Chromium for tests: Debian's /usr/bin/chromium driven by playwright-core (which downloads
// nothing), a fresh profile per launch, and flags that keep it off the network: only loopback
// resolves (without --host-resolver-rules it still looks up Google hosts, and this machine has loopback only).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
];

const shims = fileURLToPath(new URL("../browser/shims/", import.meta.url));

/** A launched browser with its own throwaway profile. */
export interface Browser {
  readonly context: BrowserContext;
  /** The first tab. */
  readonly page: Page;
  /** Closes Chromium and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh `mkdtemp` profile (`launchPersistentContext`, so IndexedDB
 * survives a `page.reload()` within the test).
 *
 * @example
 * const browser = await launchChromium(); await browser.page.goto(url); await browser.close()
 */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "borrowcache-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Bundles a page script (TypeScript, our `src/` included) into one browser ESM file with esbuild.
 * `node:test` and `node:assert/strict` become the browser shims, so node:test-style cases run in the page.
 *
 * @example
 * const js = await bundlePage(new URL("../browser/pages/idb-store.page.ts", import.meta.url))
 */
export async function bundlePage(entry: URL, define: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    define,
    alias: { "node:test": join(shims, "node-test.ts"), "node:assert/strict": join(shims, "assert.ts"), "node:assert": join(shims, "assert.ts") },
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry.href}`);
  return output.text;
}

/**
 * Serves a page (`/` → HTML loading `/app.js`) on loopback; any other path goes to `fallback`
 * (a `serveLayer` handler, say), else 404.
 *
 * @example
 * const server = await servePage(js, serveLayer(server, { expose: ["settings_api"] }))
 */
export async function servePage(script: string, fallback?: WebHandler, options: { port?: number } = {}): Promise<NodeServer> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>borrowcache</title></head><body><script type="module" src="/app.js"></script></body></html>`;
  return serveNode(async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/") return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    if (path === "/app.js") return new Response(script, { headers: { "Content-Type": "text/javascript; charset=utf-8" } });
    if (path === "/favicon.ico") return new Response(null, { status: 204 });
    return fallback ? fallback(request) : new Response("not found", { status: 404 });
  }, options);
}
