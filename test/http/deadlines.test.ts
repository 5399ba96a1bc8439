// Internal unit: the shared deadline timer behind remoteLayer's request timeouts has no public face of its own.
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { DeadlineList } from "../../src/runtime/http/deadlines.js";

// remoteLayer bounds every request with a deadline from one shared timer; each must still abort at
// its own time (not earlier, not never), and a cleared one never.

// node:test's MockTimers is experimental on Node 20, which prints an ExperimentalWarning into every
// passing run. We use it knowingly: drop that one warning, and only it (any other still prints).
const emitWarning = process.emitWarning.bind(process) as (warning: string | Error, ...rest: unknown[]) => void;
process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  if (!String(warning).startsWith("The MockTimers API is an experimental feature")) emitWarning(warning, ...rest);
};

describe("DeadlineList", () => {
  let clock = 0;
  const tick = (ms: number) => {
    clock += ms;
    mock.timers.tick(ms);
  };
  beforeEach(() => {
    clock = 0;
    mock.timers.enable({ apis: ["setTimeout"] });
  });
  afterEach(() => mock.timers.reset());

  it("aborts each uncleared deadline at its own time, with the reason, and no cleared one", () => {
    const list = new DeadlineList(100, () => clock);
    const first = list.start();
    tick(30);
    const second = list.start();
    const cleared = list.start();
    cleared.clear();
    tick(69);
    assert.equal(first.signal.aborted, false);
    tick(1);
    assert.equal(first.signal.aborted, true);
    assert.match(String((first.signal.reason as Error).message), /no answer within 100ms/);
    assert.equal(second.signal.aborted, false);
    tick(29);
    assert.equal(second.signal.aborted, false);
    tick(1);
    assert.equal(second.signal.aborted, true);
    tick(500);
    assert.equal(cleared.signal.aborted, false);
  });

  it("onExpire hears the timeout error once the deadline passes, and never after clear", () => {
    const list = new DeadlineList(100, () => clock);
    const heard: string[] = [];
    const expiring = list.start();
    expiring.onExpire((reason) => heard.push(`expiring: ${reason.message}`));
    const cleared = list.start();
    cleared.onExpire(() => heard.push("cleared"));
    tick(50);
    cleared.clear();
    assert.deepEqual(heard, []);
    tick(50);
    assert.deepEqual(heard, ["expiring: no answer within 100ms"]);
    assert.equal(expiring.signal.aborted, true, "a signal asked for after the expiry is aborted too");
  });

  it("restart gives a deadline its full time again, from now", () => {
    const list = new DeadlineList(100, () => clock);
    const streaming = list.start();
    for (let i = 0; i < 5; i++) {
      tick(90);
      streaming.restart();
    }
    assert.equal(streaming.signal.aborted, false);
    tick(99);
    assert.equal(streaming.signal.aborted, false);
    tick(1);
    assert.equal(streaming.signal.aborted, true);
  });

  it("keeps bounding requests that start after an idle spell", () => {
    const list = new DeadlineList(100, () => clock);
    list.start().clear();
    tick(60);
    const late = list.start();
    tick(99);
    assert.equal(late.signal.aborted, false);
    tick(1);
    assert.equal(late.signal.aborted, true);
  });
});
