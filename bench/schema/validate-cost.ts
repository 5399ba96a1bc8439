/**
 * What a schema costs per read (docs/schemas.md#cost): the same 1 KB value read through `Owned.get`
 * from caches that differ only in `value:` — `typed<T>()` (the baseline of each group), a zod 4
 * schema, a valibot schema — on a memory store (trusted: no schema runs), on Redis (every hit is
 * validated), and on a tiered store (memory tier over Redis: validated once per entry, then a verdict
 * lookup). Plus the bare `~standard.validate` of each library, and a `version`-only cache on Redis.
 * Ratios against the group's baseline, measured in the same process, several rounds, median.
 *
 *   node --import tsx bench/schema/validate-cost.ts [rounds]
 */
import * as v from "valibot";
import { z } from "zod";
import { createLayerRuntime } from "../../src/runtime/layer/create-layer.js";
import { typed } from "../../src/runtime/manifest/typed.js";
import { redisStore } from "../../src/runtime/redis/redis-store.js";
import { memoryStore } from "../../src/runtime/stores/memory.js";
import { tieredStore } from "../../src/runtime/stores/tiered.js";
import { runGroup, table, ratio, type GroupResult } from "../redis/harness.js";
import { value1kb } from "../runtime/value-1kb.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const rounds = Number(process.argv[2] ?? 5);
const namespace = `borrowcache-test:bench-schema-${process.pid}`;

const zodUser = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  score: z.number(),
  tags: z.array(z.string()),
  address: z.object({ street: z.string(), city: z.string(), zip: z.string(), country: z.string() }),
  bio: z.string(),
  prefs: z.object({ theme: z.string(), lang: z.string(), notifications: z.boolean() }),
});
const valibotUser = v.object({
  id: v.number(),
  name: v.string(),
  email: v.string(),
  active: v.boolean(),
  score: v.number(),
  tags: v.array(v.string()),
  address: v.object({ street: v.string(), city: v.string(), zip: v.string(), country: v.string() }),
  bio: v.string(),
  prefs: v.object({ theme: v.string(), lang: v.string(), notifications: v.boolean() }),
});

const app = Object.freeze({
  layers: ["server"],
  caches: {
    typed_users: { primary: "server", owns: ["t:*"], value: typed<z.infer<typeof zodUser>>() },
    zod_users: { primary: "server", owns: ["z:*"], value: zodUser },
    valibot_users: { primary: "server", owns: ["v:*"], value: valibotUser },
    versioned_users: { primary: "server", owns: ["n:*"], value: typed<z.infer<typeof zodUser>>(), version: "2026-12-04" },
  },
} as const);

const value = value1kb(1);
const stores = {
  memory: memoryStore(),
  redis: redisStore(url, { namespace, layer: "server" }),
  tiered: tieredStore(memoryStore(), redisStore(url, { namespace: `${namespace}:t`, layer: "server" })),
};
const layers = {
  memory: createLayerRuntime(app, "server", { store: stores.memory }),
  redis: createLayerRuntime(app, "server", { store: stores.redis }),
  tiered: createLayerRuntime(app, "server", { store: stores.tiered }),
};
for (const layer of Object.values(layers)) {
  for (const [cache, key] of [
    ["typed_users", "t:1"],
    ["zod_users", "z:1"],
    ["valibot_users", "v:1"],
    ["versioned_users", "n:1"],
  ] as const) {
    await layer.own(cache).set(key, value);
  }
}
const check = (read: unknown) => {
  if (read === undefined) throw new Error("a benchmark read missed");
};
const reads = (layer: (typeof layers)[keyof typeof layers]) => ({
  typed: async () => check(await layer.own("typed_users").get("t:1")),
  zod: async () => check(await layer.own("zod_users").get("z:1")),
  valibot: async () => check(await layer.own("valibot_users").get("v:1")),
  versioned: async () => check(await layer.own("versioned_users").get("n:1")),
});

const memory = reads(layers.memory);
const redis = reads(layers.redis);
const tiered = reads(layers.tiered);
const results: GroupResult[] = [];
results.push(
  await runGroup(
    "memory store hit (trusted: no schema runs)",
    [
      { name: "**baseline** Owned.get, typed<T>()", run: memory.typed },
      { name: "Owned.get, zod 4 schema", run: memory.zod },
      { name: "Owned.get, valibot schema", run: memory.valibot },
      { name: "zod 4 `~standard.validate` alone (1 KB value)", run: () => zodUser["~standard"].validate(value) },
      { name: "valibot `~standard.validate` alone (1 KB value)", run: () => valibotUser["~standard"].validate(value) },
    ],
    { rounds },
  ),
);
results.push(
  await runGroup(
    "Redis hit (every hit crossed a boundary: validated)",
    [
      { name: "**baseline** Owned.get, typed<T>()", run: redis.typed },
      { name: "Owned.get, zod 4 schema", run: redis.zod },
      { name: "Owned.get, valibot schema", run: redis.valibot },
      { name: "Owned.get, typed<T>() + version", run: redis.versioned },
    ],
    { rounds },
  ),
);
results.push(
  await runGroup(
    "tiered store, memory-tier hit (validated once per entry, then its verdict)",
    [
      { name: "**baseline** Owned.get, typed<T>()", run: tiered.typed },
      { name: "Owned.get, zod 4 schema", run: tiered.zod },
      { name: "Owned.get, valibot schema", run: tiered.valibot },
      { name: "Owned.get, typed<T>() + version", run: tiered.versioned },
    ],
    { rounds },
  ),
);
for (const result of results) console.log(`\n${table(result)}`);
const [mem, red, tier] = results as [GroupResult, GroupResult, GroupResult];
console.log(
  `\nper read, over typed<T>(): memory zod ${ratio(mem.rows[1]!.medianRatio)}, valibot ${ratio(mem.rows[2]!.medianRatio)}; ` +
    `Redis zod ${ratio(red.rows[1]!.medianRatio)}, valibot ${ratio(red.rows[2]!.medianRatio)}, version ${ratio(red.rows[3]!.medianRatio)}; ` +
    `tiered zod ${ratio(tier.rows[1]!.medianRatio)}, valibot ${ratio(tier.rows[2]!.medianRatio)}`,
);
console.log(`bare validate of the 1 KB value: zod 4 ${(1e6 / mem.rows[3]!.medianOps).toFixed(2)} µs, valibot ${(1e6 / mem.rows[4]!.medianOps).toFixed(2)} µs`);

for (const layer of Object.values(layers)) {
  for (const cache of ["typed_users", "zod_users", "valibot_users", "versioned_users"] as const) await layer.own(cache).invalidate("*");
  await layer.close();
}
await stores.redis.close();
await stores.tiered.close();
