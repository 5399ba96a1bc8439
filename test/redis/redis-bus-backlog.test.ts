// The bus backlog on its own (no Redis): one entry per message text (a Map, not a scan), messages on
// their way never absorb later ones, failed ones wait again first in line, and past the bound a
// cache's waiting messages fold into one "forget everything" message that any receiver reads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BusBacklog, EVERYTHING, type BacklogEvent } from "../../src/runtime/redis/redis-bus-backlog.js";
import { messageText, parseMessage } from "../../src/runtime/redis/redis-bus-wire.js";
import type { InvalidationMessage } from "../../src/index.node.js";

const note = (target: string, cache = "notes", origin = "p1"): InvalidationMessage => ({ origin, layer: "server", cache, target, isPattern: false });
const add = (backlog: BusBacklog, message: InvalidationMessage) => backlog.add(message, messageText(message));
const targets = (entries: readonly { message: InvalidationMessage }[]) => entries.map((entry) => entry.message.target);

describe("BusBacklog", () => {
  it("keeps a message once while it waits, oldest first", () => {
    const backlog = new BusBacklog({ limit: 100 });
    for (const key of ["note:1", "note:2", "note:1", "note:3", "note:2"]) add(backlog, note(key));
    assert.equal(backlog.size, 3);
    assert.deepEqual(targets(backlog.take(10)), ["note:1", "note:2", "note:3"]);
    assert.equal(backlog.counters.coalesced, 2);
  });

  it("a message on its way does not absorb a later copy (that one follows a later write)", () => {
    const backlog = new BusBacklog({ limit: 100 });
    add(backlog, note("note:1"));
    const batch = backlog.take(10);
    add(backlog, note("note:1"));
    assert.equal(backlog.size, 2);
    backlog.settle(batch, [true]);
    assert.deepEqual(targets(backlog.take(10)), ["note:1"]);
  });

  it("failed messages wait again, first in line; one whose later copy waits is not kept twice", () => {
    const backlog = new BusBacklog({ limit: 100 });
    for (const key of ["note:1", "note:2", "note:3"]) add(backlog, note(key));
    const batch = backlog.take(2);
    add(backlog, note("note:4"));
    add(backlog, note("note:2"));
    backlog.settle(batch, [false, false]);
    assert.deepEqual(targets(backlog.take(10)), ["note:1", "note:3", "note:4", "note:2"]);
    assert.equal(backlog.counters.coalesced, 1);
  });

  it("past the bound, folds each cache's waiting messages into one 'forget everything' message, which later ones join", () => {
    const events: BacklogEvent[] = [];
    const backlog = new BusBacklog({ limit: 5, onEvent: (event) => events.push(event) });
    for (let i = 0; i < 4; i++) add(backlog, note(`note:${i}`));
    add(backlog, note("profile:1", "profiles"));
    add(backlog, note("note:9")); // the sixth: over the bound
    assert.equal(backlog.size, 2);
    assert.deepEqual(
      events.map((event) => event.type),
      ["backlog", "overflow"],
    );
    assert.deepEqual(events[1], { type: "overflow", caches: ["notes", "profiles"], folded: 6, queued: 2 });
    add(backlog, note("note:10"));
    assert.equal(backlog.size, 2, "said already by the waiting 'forget everything'");
    assert.equal(backlog.counters.folded, 7);
    const batch = backlog.take(10);
    assert.deepEqual(
      batch.map((entry) => entry.message),
      [
        { origin: "p1", layer: "server", cache: "notes", target: EVERYTHING, isPattern: true },
        { origin: "p1", layer: "server", cache: "profiles", target: EVERYTHING, isPattern: true },
      ],
    );
    // On the wire it is a plain pattern invalidation, which every reader (old or new) applies.
    assert.deepEqual(parseMessage(batch[0]!.text), batch[0]!.message);
    backlog.settle(batch, [true, true]);
    assert.equal(events.at(-1)?.type, "drained");
  });

  it("folds per origin and layer too: each process's messages stay its own", () => {
    const backlog = new BusBacklog({ limit: 2 });
    add(backlog, note("note:1", "notes", "p1"));
    add(backlog, note("note:2", "notes", "p2"));
    add(backlog, note("note:3", "notes", "p1"));
    assert.deepEqual(
      backlog.take(10).map((entry) => [entry.message.origin, entry.message.target]),
      [
        ["p1", "*"],
        ["p2", "*"],
      ],
    );
  });

  it("reports the age of its oldest message", () => {
    let now = 1000;
    const backlog = new BusBacklog({ limit: 10, now: () => now });
    assert.equal(backlog.oldestMs(), 0);
    add(backlog, note("note:1"));
    now = 1250;
    add(backlog, note("note:2"));
    assert.equal(backlog.oldestMs(), 250);
  });
});
