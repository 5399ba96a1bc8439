// isKeyOf narrows a run-time string to the keys of one cache, named as own and borrow name it.
import { expectError, expectType } from "tsd";
import { createLayer, defineManifest, isKeyOf } from "../../src/index.js";

const app = defineManifest({
  caches: {
    user_data: { primary: "client", owns: ["user:*"] },
    data_cache: { primary: "server", owns: ["data:*", "popular:*"] },
  },
});
const client = createLayer(app, "client");
const input: string = ["user", "42"].join(":");

if (isKeyOf(app, "user_data", input)) {
  expectType<`user:${string}`>(input);
  await client.own("user_data").get(input);
}
if (isKeyOf(app, "popular:*", input)) expectType<`data:${string}` | `popular:${string}`>(input);

//~ ✗ 'user_dta' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns
expectError(isKeyOf(app, "user_dta", input));
