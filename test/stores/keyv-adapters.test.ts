// The keyv adapters people install, each on its real backend (keyv-backends.ts): the store contract,
// then the scenarios of docs/stores.md's adapter table (keyv-scenarios.ts; `node --import tsx
// bench/keyv/scenarios.ts` prints that table), the failure and recovery ones in a child process each,
// so a crash is seen and reported, not fatal to this run.
//
// A backend that is not reachable here is skipped, saying why — except in CI (CI=true), where
// .ci/run has set every one up, so a missing one fails.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { storeContract } from "../../src/test-suite/index.js";
import { BACKEND_NAMES, adapterFor, disconnect, missing, startBackend, type BackendRun, type Fault } from "./keyv-backends.js";
import { keyvStore, type KeyvAdapter } from "../../src/index.node.js";
import { SCENARIOS } from "./keyv-scenarios.js";

const inCi = process.env["CI"] === "true";
// KEYV_ADAPTERS=@keyv/mysql,keyv-file runs only those.
const only = process.env["KEYV_ADAPTERS"]
  ?.split(",")
  .map((name) => name.trim())
  .filter(Boolean);

for (const name of BACKEND_NAMES.filter((n) => !only || only.includes(n))) {
  const absent = await missing(name);
  if (absent && inCi) {
    it(`${name}: its backend is set up in CI`, () => assert.fail(`${name}: ${absent}`));
    continue;
  }
  if (absent) {
    describe(`${name} on its real backend`, { skip: absent }, () => {});
    continue;
  }
  const run: BackendRun = await startBackend(name);
  const adapters: KeyvAdapter[] = [];
  const faults: Fault[] = [];
  const adapter = (at = run.target): KeyvAdapter => {
    const made = adapterFor(at);
    adapters.push(made);
    return made;
  };

  storeContract(`keyvStore over ${name}`, () => keyvStore(adapter(), { namespace: run.namespace }), {
    realTtlMs: name === "@keyv/memcache" ? 300 : 150,
    // The real backend, taken away from this client (a closed proxy, a killed memcached, a locked database).
    ...(name === "keyv-file" ?
      {}
    : {
        makeFailingStore: async () => {
          const fault = await run.fault();
          faults.push(fault);
          await fault.down();
          return keyvStore(adapter(fault.target), { namespace: run.namespace, timeoutMs: 500 });
        },
      }),
  });

  describe(`keyvStore over ${name}: the adapter table's scenarios`, () => {
    for (const scenario of SCENARIOS) {
      it(scenario.title, async () => {
        const cell = await scenario.run(run);
        assert.ok(cell.length > 0);
      });
    }
  });

  after(async () => {
    for (const fault of faults.splice(0)) await fault.close();
    for (const made of adapters.splice(0)) await disconnect(made);
    await run.cleanup();
  });
}
