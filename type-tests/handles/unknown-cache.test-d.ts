// own, borrow and follow take a cache name or a pattern the manifest owns.
import { expectError } from "tsd";
import { createLayer, defineManifest } from "../../src/index.js";

const app = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"] } } });
const client = createLayer(app, "client");

//~ ✗ 'user_dta' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns
expectError(client.own("user_dta"));

//~ ✗ 'users:*' is neither a cache nor an owned pattern of the manifest — use a cache name or one of its patterns
expectError(client.borrow("users:*"));
