// An exclusive cache has no set: its only write is atomicUpdate(key, fn).
import { expectError, expectType } from "tsd";
import { createLayer, defineManifest, typed } from "../../src/index.js";

const app = defineManifest({ caches: { accounts: { primary: "server", owns: ["account:*"], exclusive: true, value: typed<number>() } } });
const server = createLayer(app, "server");
const accounts = server.own("accounts");

expectType<number>(await accounts.atomicUpdate("account:1", (balance) => (balance ?? 0) + 10));

//~ ✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)
expectError(accounts.set("account:1", 10));

//~ ✗ cannot set in cache 'accounts': it is exclusive — write it with atomicUpdate(key, fn)
expectError(accounts.getOrSet("account:1", () => 10));
