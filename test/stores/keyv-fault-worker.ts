/**
 * A child process for the failure and recovery scenarios of one keyv adapter (keyv-scenarios.ts): it
 * builds a `keyvStore` and a layer on the adapter `KEYV_TARGET` describes and runs what the parent asks,
 * one JSON line each way. It installs no `uncaughtException` or `unhandledRejection` handler on
 * purpose: if the adapter's failure escapes, this process dies as an application would, and the parent
 * sees the exit code and stderr instead of the run dying with it.
 *
 * Commands: `{ open }` → `{ opened }`; `{ set, key, value }`, `{ get, key }` → `{ ok, value }` or
 * `{ failed }`; `{ probe }` → one outcome per call on the layer (get, set, delete, invalidate pattern);
 * `{ until, key, withinMs }` → `{ ok, afterMs }` once a get answers; `{ exit }`.
 */
import { createLayer, defineManifest } from "../../src/index.js";
import { StoreError } from "../../src/runtime/errors.js";
import { keyvStore } from "../../src/runtime/stores/keyv-store.js";
import { onParentMessage, tellParent } from "../helpers/processes.js";
import { adapterFor, type Target } from "./keyv-backends.js";

const target = JSON.parse(process.env["KEYV_TARGET"] ?? "{}") as Target;
const namespace = process.env["KEYV_NAMESPACE"] ?? "bc-test-worker";
const timeoutMs = Number(process.env["KEYV_TIMEOUT_MS"] ?? 1000);

const app = defineManifest({
  layers: ["client", "edge", "server"],
  caches: { data_cache: { primary: "server", owns: ["data:*"] } },
});

let layer: ReturnType<typeof open> | undefined;
let adapterErrors = 0;
let layerErrors = 0;

function open() {
  const store = keyvStore(adapterFor(target), { namespace, timeoutMs, onError: () => adapterErrors++ });
  const opened = createLayer(app, "server", { store });
  // The outbox's replay at start lists the store: on a store that cannot list (memcached) that is an
  // error event of its own, which says nothing about the failures probed here.
  opened.on("error", (event) => {
    if (event.operation !== "outbox") layerErrors++;
  });
  return opened;
}

/** One call's outcome: what it answered or how it failed, and how long it took. */
async function outcome(call: string, run: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const started = performance.now();
  try {
    const value = await run();
    return { call, ok: true, value: value === undefined ? null : value, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      call,
      ok: false,
      ms: Math.round(performance.now() - started),
      name: error instanceof Error ? error.name : typeof error,
      storeError: error instanceof StoreError,
      message: error instanceof Error ? error.message : String(error),
      key: error instanceof StoreError ? error.key : undefined,
    };
  }
}

const keyOf = (message: Record<string, unknown>): `data:${string}` => {
  const key = String(message["key"]);
  if (!key.startsWith("data:")) throw new Error(`not a data key: ${key}`);
  return key as `data:${string}`;
};

const data = () => {
  if (!layer) throw new Error("open first");
  return layer.own("data_cache");
};

onParentMessage((message) => {
  void (async () => {
    if (message["open"]) {
      layer = open();
      tellParent({ opened: true });
    } else if (message["set"]) {
      tellParent({ reply: "set", ...(await outcome("set", () => data().set(keyOf(message), message["value"]))) });
    } else if (message["get"]) {
      tellParent({ reply: "get", ...(await outcome("get", () => data().get(keyOf(message)))) });
    } else if (message["probe"]) {
      const key = keyOf(message);
      const results = [
        await outcome("get", () => data().get(key)),
        await outcome("set", () => data().set(key, "while down")),
        await outcome("delete", () => data().delete(key)),
        await outcome("invalidate pattern", () => layer!.invalidate("data:*")),
      ];
      tellParent({ reply: "probe", results, adapterErrors, layerErrors });
    } else if (message["until"]) {
      const started = performance.now();
      const until = started + Number(message["withinMs"] ?? 15_000);
      let last: Record<string, unknown> = {};
      while (performance.now() < until) {
        last = await outcome("get", () => data().get(keyOf(message)));
        if (last["ok"] === true) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      tellParent({ reply: "until", ...last, afterMs: Math.round(performance.now() - started) });
    } else if (message["exit"]) {
      await layer?.close();
      tellParent({ exiting: true });
      process.exit(0);
    }
  })();
});

tellParent({ ready: true });
