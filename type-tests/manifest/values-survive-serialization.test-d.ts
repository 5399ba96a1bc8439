// Rule 13: a typed<T>() value survives Redis, HTTP and IndexedDB: no functions or symbols inside.
// Its run-time twin runs at `set`, where the value is seen (test/values/rule-13-twin.test.ts reads this file's texts).
import { expectError, expectType } from "tsd";
import { defineManifest, typed, type ValueOf } from "../../src/index.js";

interface User {
  id: number;
  born: Date;
  tags: Set<string>;
  scores: Map<string, bigint>;
  avatar: Uint8Array;
  nickname?: string | undefined;
}
export const app = defineManifest({ caches: { user_data: { primary: "client", owns: ["user:*"], value: typed<User>() } } });
expectType<User>(null as unknown as ValueOf<typeof app, "user_data">);

expectError(
  defineManifest({
    caches: {
      //~ ✗ value of cache 'user_data' holds a function at '.onChange' — values must survive Redis, HTTP and IndexedDB
      user_data: { primary: "client", owns: ["user:*"], value: typed<{ id: number; onChange: () => void }>() },
    },
  }),
);

expectError(
  defineManifest({
    caches: {
      //~ ✗ value of cache 'user_data' holds a symbol at '.profile.secret' — values must survive Redis, HTTP and IndexedDB
      user_data: { primary: "client", owns: ["user:*"], value: typed<{ profile: { secret: symbol } }>() },
    },
  }),
);
