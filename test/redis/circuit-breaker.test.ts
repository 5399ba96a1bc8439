import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CircuitBreaker, CircuitOpenError } from "../../src/index.node.js";

describe("CircuitBreaker", () => {
  const make = () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 100, maxOpenMs: 400, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  };

  it("opens after failureThreshold failures in a row, and refuses calls while open", () => {
    const { breaker } = make();
    breaker.failure(new Error("a"));
    breaker.failure(new Error("b"));
    assert.equal(breaker.allow(), true);
    breaker.failure(new Error("c"));
    assert.equal(breaker.state, "open");
    assert.equal(breaker.allow(), false);
    const error = breaker.openError();
    assert.ok(error instanceof CircuitOpenError);
    assert.match(error.message, /next attempt in 100ms \(last failure: c\)/);
  });

  it("a success in between resets the count", () => {
    const { breaker } = make();
    breaker.failure(1);
    breaker.failure(2);
    breaker.success();
    breaker.failure(3);
    assert.equal(breaker.state, "closed");
  });

  it("lets exactly one probe through when the open time is up; its success closes the circuit", () => {
    const { breaker, advance } = make();
    for (let i = 0; i < 3; i++) breaker.failure(i);
    advance(100);
    assert.equal(breaker.state, "half-open");
    assert.equal(breaker.allow(), true, "the probe");
    assert.equal(breaker.allow(), false, "others wait for the probe");
    breaker.success();
    assert.equal(breaker.state, "closed");
    assert.equal(breaker.allow(), true);
  });

  it("a failed probe re-opens it for twice as long, never longer than maxOpenMs", () => {
    const { breaker, advance } = make();
    for (let i = 0; i < 3; i++) breaker.failure(i);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      let waited = 0;
      while (!breaker.allow()) {
        advance(10);
        waited += 10;
      }
      waits.push(waited);
      breaker.failure("probe failed");
    }
    assert.deepEqual(waits, [100, 200, 400, 400]);
    assert.equal(breaker.timesOpened, 5, "the first opening and four failed probes");
  });

  it("reset() closes it at once (the client reconnected)", () => {
    const { breaker } = make();
    for (let i = 0; i < 3; i++) breaker.failure(i);
    breaker.reset();
    assert.equal(breaker.state, "closed");
    assert.equal(breaker.allow(), true);
  });
});
