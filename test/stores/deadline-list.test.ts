// The deadline list behind every keyvStore (and Redis) call: each call fails once its timeout passed
// unless removed first, oldest first, with one timer that runs only while calls are in flight.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DeadlineList, type DeadlineNode } from "../../src/runtime/faults/deadline-list.js";
import { manualClock } from "../../src/runtime/time/clock.js";

class Call implements DeadlineNode {
  deadline = 0;
  prev: Call | undefined = undefined;
  next: Call | undefined = undefined;
  constructor(readonly name: string) {}
}

describe("DeadlineList", () => {
  it("fails each call once its timeout passed, oldest first, at most a tenth of the timeout late", () => {
    const clock = manualClock(0);
    const expired: string[] = [];
    const list = new DeadlineList<Call>(100, clock, (late) => expired.push(`${late.name}@${clock.now()}`));
    list.add(new Call("a"));
    clock.advance(30);
    list.add(new Call("b"));
    clock.advance(69);
    assert.deepEqual(expired, []);
    clock.advance(200);
    assert.deepEqual(expired, ["a@100", "b@130"]);
  });

  it("a call removed in time never fails; one removed after its deadline says so", () => {
    const clock = manualClock(0);
    const expired: string[] = [];
    const list = new DeadlineList<Call>(100, clock, (late) => expired.push(late.name));
    const [a, b, c] = [new Call("a"), new Call("b"), new Call("c")];
    list.add(a);
    list.add(b);
    list.add(c);
    assert.equal(list.remove(b), true, "the middle one");
    assert.equal(list.remove(c), true, "the last one");
    clock.advance(150);
    assert.deepEqual(expired, ["a"]);
    assert.equal(list.remove(a), false, "already failed by its deadline");
    assert.equal(list.remove(b), false, "already removed");
  });

  it("runs its timer only while calls are in flight", () => {
    const clock = manualClock(0);
    const list = new DeadlineList<Call>(100, clock, () => {});
    assert.equal(clock.pending, 0);
    const a = new Call("a");
    list.add(a);
    list.add(new Call("b"));
    assert.equal(clock.pending, 1, "one timer for every call");
    list.remove(a);
    clock.advance(200);
    assert.equal(clock.pending, 0, "stopped once the list is empty");
    list.add(new Call("c"));
    assert.equal(clock.pending, 1, "started again");
  });

  it("takeAll empties the list, oldest first, and stops the timer", () => {
    const clock = manualClock(0);
    const expired: string[] = [];
    const list = new DeadlineList<Call>(100, clock, (late) => expired.push(late.name));
    const a = new Call("a");
    list.add(a);
    list.add(new Call("b"));
    assert.deepEqual(
      list.takeAll().map((call) => call.name),
      ["a", "b"],
    );
    assert.equal(clock.pending, 0);
    assert.equal(list.remove(a), false);
    clock.advance(200);
    assert.deepEqual(expired, []);
    list.add(new Call("c"));
    clock.advance(200);
    assert.deepEqual(expired, ["c"], "a list taken empty works as new");
  });

  it("keeps the other calls' deadlines when one expiry throws", () => {
    const clock = manualClock(0);
    const expired: string[] = [];
    const list = new DeadlineList<Call>(100, clock, (late) => {
      expired.push(late.name);
      if (late.name === "a") throw new Error("listener failed");
    });
    list.add(new Call("a"));
    clock.advance(50);
    list.add(new Call("b"));
    assert.throws(() => clock.advance(60), { message: "listener failed" });
    clock.advance(100);
    assert.deepEqual(expired, ["a", "b"]);
  });
});
