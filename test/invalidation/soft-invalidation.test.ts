// Soft invalidation (mode "expire"): an invalidated entry is served stale within its cache's grace while
// one refresh runs behind it, instead of every reader waiting on the source after a delete.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BorrowError, createLayer, defineManifest, manualClock, type Source } from "../../src/index.js";

const app = defineManifest({
  layers: ["client", "server"],
  caches: {
    user_data: { primary: "server", owns: ["user:*"], ttl: "1m", invalidates: [{ target: "profile:*", mode: "expire" }, "avatar:*"] },
    profile: { primary: "server", owns: ["profile:*"], ttl: "1m", grace: "30s" },
    avatar: { primary: "server", owns: ["avatar:*"], ttl: "1m", grace: "30s" },
    plain: { primary: "server", owns: ["plain:*"], ttl: "1m" },
  },
});

/** A source whose loads are counted and released by hand, answering `name@version`. */
function gatedSource() {
  let version = 1;
  const loads: string[] = [];
  const waiting: (() => void)[] = [];
  let gated = false;
  const source: Source<unknown> = {
    async load(key) {
      loads.push(key);
      const answer = `${key}@${version}`;
      if (gated) await new Promise<void>((resolve) => waiting.push(resolve));
      return answer;
    },
  };
  return {
    source,
    loads,
    bump: () => void version++,
    gate: () => void (gated = true),
    release: () => {
      gated = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

function serverWith(source: Source<unknown>) {
  const clock = manualClock();
  const server = createLayer(app, "server", { clock, sources: { profile: source, avatar: source, plain: source } });
  return { clock, server };
}

describe("soft invalidation (mode: 'expire')", () => {
  it("serves the stale value after invalidate(key, { mode: 'expire' }), with one refresh behind it", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    const profiles = server.own("profile");
    assert.equal(await profiles.get("profile:1"), "profile:1@1");
    db.bump();
    db.gate();

    await profiles.invalidate("profile:1", { mode: "expire" });
    const meta = await profiles.getWithMeta("profile:1");
    assert.equal(meta.value, "profile:1@1");
    assert.equal(meta.stale, true);
    assert.equal(meta.hit, true);
    assert.equal(await profiles.get("profile:1"), "profile:1@1");
    assert.equal(await profiles.get("profile:1"), "profile:1@1");
    assert.deepEqual(db.loads, ["profile:1", "profile:1"], "three stale reads start one refresh");

    db.release();
    await new Promise((resolve) => setImmediate(resolve));
    const fresh = await profiles.getWithMeta("profile:1");
    assert.equal(fresh.value, "profile:1@2");
    assert.equal(fresh.stale, false);
  });

  it("is a miss once grace has passed", async () => {
    const db = gatedSource();
    const { clock, server } = serverWith(db.source);
    const profiles = server.own("profile");
    await profiles.set("profile:2", "written");
    await profiles.invalidate("profile:2", { mode: "expire" });
    clock.advance(30_001);
    assert.equal(await profiles.get("profile:2"), "profile:2@1", "past grace: loaded, the stale value is not served");
  });

  it("a delete stays a delete: invalidate(key) with no mode is a miss at once", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    await server.own("profile").set("profile:3", "written");
    await server.own("profile").invalidate("profile:3");
    assert.equal(await server.own("profile").has("profile:3"), false);
    assert.equal(await server.own("profile").get("profile:3"), "profile:3@1");
  });

  it("marks every key a pattern reaches with layer.invalidate(pattern, { mode: 'expire' })", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    await server.own("profile").set("profile:4", "four");
    await server.own("profile").set("profile:5", "five");
    db.gate();
    await server.invalidate("profile:*", { mode: "expire" });
    assert.equal((await server.own("profile").getWithMeta("profile:4")).stale, true);
    assert.equal((await server.own("profile").getWithMeta("profile:5")).stale, true);
    assert.equal(await server.own("profile").get("profile:5"), "five");
    db.release();
  });

  it("a cascade target declared { target, mode: 'expire' } is marked stale; a plain one beside it is deleted", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    await server.own("profile").set("profile:6", "six");
    await server.own("avatar").set("avatar:6", "six.png");
    db.gate();
    const events: unknown[] = [];
    server.onInvalidate((invalidation) => events.push(invalidation));

    await server.own("user_data").set("user:6", { name: "Ada" });

    const profile = await server.own("profile").getWithMeta("profile:6");
    assert.deepEqual([profile.value, profile.stale], ["six", true]);
    assert.equal(await server.own("avatar").has("avatar:6"), false);
    const byCache = (a: unknown, b: unknown) => String((a as { cache: string }).cache).localeCompare((b as { cache: string }).cache);
    assert.deepEqual(events.sort(byCache), [
      { cache: "avatar", target: "avatar:6", isPattern: false },
      { cache: "profile", target: "profile:6", isPattern: false, mode: "expire" },
      { cache: "user_data", target: "user:6", isPattern: false },
    ]);
    db.release();
  });

  it("a fill that started before an expire does not store its value as fresh over it", async () => {
    const db = gatedSource();
    const { clock, server } = serverWith(db.source);
    const profiles = server.own("profile");
    await profiles.set("profile:7", "seven");
    clock.advance(60_001); // past ttl, within grace: the next read refreshes
    db.gate();
    const reading = profiles.get("profile:7"); // a refresh loading version 1 starts
    await new Promise((resolve) => setImmediate(resolve));
    await profiles.invalidate("profile:7", { mode: "expire" });
    db.release();
    assert.equal(await reading, "profile:7@1", "the reader still gets what it loaded");
    db.gate();
    const after = await profiles.getWithMeta("profile:7");
    assert.deepEqual([after.value, after.stale], ["seven", true], "the refresh that started before the expire stored nothing");
    db.release();
  });

  it("expire on a cache without grace deletes", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    await server.own("plain").set("plain:1", "one");
    await server.own("plain").invalidate("plain:1", { mode: "expire" });
    assert.equal(await server.own("plain").has("plain:1"), false);
    assert.equal(await server.own("plain").get("plain:1"), "plain:1@1");
  });

  it("refuses a mode that is not one, naming it, before anything is dropped", async () => {
    const db = gatedSource();
    const { server } = serverWith(db.source);
    await server.own("profile").set("profile:8", "eight");
    await assert.rejects(
      server.own("profile").invalidate("profile:8", { mode: "soft" as never }),
      (error: unknown) =>
        error instanceof BorrowError && error.message === "✗ mode 'soft' of an invalidation of cache 'profile' is not a mode — send 'delete' or 'expire'",
    );
    assert.equal(await server.own("profile").get("profile:8"), "eight");
  });
});
