import type { StorePartition } from "../contracts/store.js";
import type { LayerProbe, TraceSite } from "./layer-probe.js";

/** The partition calls that may leave the process (network, IndexedDB); `keys` is a stream, not one call. */
const CALLS = new Set<string | symbol>(["get", "getMany", "set", "setMany", "delete", "deleteMany", "expire", "clear", "lease", "fill", "peek", "release"]);

/**
 * `partition` with each call that answers with a promise shown to the layer's probe as a store call
 * (its span starts when the call did). A call answered synchronously never left the process (a memory
 * tier's hit) and is not shown. A memory store's partition is returned as is: it never leaves the
 * process, and its hit path stays one method call. Without a probe, a call costs one property read.
 *
 * @example
 * import type { LayerProbe, TraceSite } from "./layer-probe.js";
 * declare const recorder: { readonly probe: LayerProbe | undefined; site(key: string, operation?: string): TraceSite }; // a cache's recorder
 * const partition = probedPartition(redisStore(url).partition("user_data", {}), "redis", () => recorder.probe, (operation, key) => recorder.site(key, operation));
 */
export function probedPartition(
  partition: StorePartition,
  storeKind: string,
  probe: () => LayerProbe | undefined,
  site: (operation: string, key: string) => TraceSite,
): StorePartition {
  if (storeKind === "memory") return partition;
  const wrapped = new Map<string | symbol, unknown>();
  return new Proxy(partition, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      let call = wrapped.get(name);
      if (call === undefined) {
        const method = value as (...args: unknown[]) => unknown;
        call =
          CALLS.has(name) ?
            (...args: unknown[]) => {
              const observer = probe();
              if (observer === undefined) return method.apply(target, args);
              const startedAt = observer.now();
              const answer = method.apply(target, args);
              if (answer instanceof Promise) observer.storeCall(site(String(name), keyOf(args[0])), startedAt, answer);
              return answer;
            }
          : method.bind(target);
        wrapped.set(name, call);
      }
      return call;
    },
  });
}

/** The key a call names (`getMany`: the first of its keys). */
function keyOf(argument: unknown): string {
  if (typeof argument === "string") return argument;
  if (!Array.isArray(argument)) return "";
  const first: unknown = argument[0];
  if (typeof first === "string") return first; // getMany, deleteMany
  const key = (first as { key?: unknown } | undefined)?.key; // setMany's writes
  return typeof key === "string" ? key : "";
}
