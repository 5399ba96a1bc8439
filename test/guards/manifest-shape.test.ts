import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  typed,
  type BadFieldMessage,
  type BadManifestFieldMessage,
  type BadPatternMessage,
  type NotACacheMessage,
  type NotAManifestMessage,
  type UnknownFieldMessage,
  type Located,
} from "../../src/index.js";
import { assertAccepted, assertRejectedWith, rejectionOf } from "./helpers/define.js";

const userData = (fields: object) => ({ caches: { user_data: { primary: "client", owns: ["user:*"], ...fields } } });
// The messages the loops below vary, each checked by tsc against its public type.
// At run time each message is followed by where the value is (the second pattern of owns, the field).
const badPatternInOwns = <TWritten extends string>(written: TWritten): Located<BadPatternMessage<TWritten, "owns", "user_data">, "caches.user_data.owns[1]"> =>
  `✗ pattern ${written} in owns of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*' (at caches.user_data.owns[1])`;
const notABoolean = <TField extends string>(field: TField): Located<BadFieldMessage<TField, "user_data", "true or false">, `caches.user_data.${TField}`> =>
  `✗ ${field} of cache 'user_data' must be true or false (at caches.user_data.${field})`;
const onUserData = (message: string, field: string, pattern?: string) => ({
  rule: "manifest-shape" as const,
  message,
  cache: "user_data",
  layer: "client",
  ...(pattern === undefined ? {} : { pattern }),
  field,
});

describe("manifest shape", () => {
  it("accepts a manifest with only caches, and an empty one", () => {
    assertAccepted(userData({}));
    assertAccepted({ caches: {} });
  });

  it("accepts a value made by typed() (a phantom) or a Standard Schema; anything else is refused (test/schema/validate-needs-schema.test.ts)", () => {
    assertAccepted(userData({ value: typed<{ id: string }>() }));
    assertAccepted(userData({ value: { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } } }));
  });

  for (const input of [null, undefined, "manifest", 42, [], () => undefined]) {
    it(`rejects ${
      Array.isArray(input) ? "an array"
      : typeof input === "function" ? "a function"
      : String(input)
    } as a manifest`, () => {
      const error = rejectionOf(input);
      assert.equal(error.issues.length, 1);
      assert.equal(error.rule, "manifest-shape");
      assert.match(error.message, /^✗ the manifest is /);
    });
  }

  it("rejects null, writing it in the message", () => {
    assertRejectedWith(null, {
      rule: "manifest-shape",
      message:
        "✗ the manifest is null — pass an object like { caches: { user_data: { primary: 'client', owns: ['user:*'] } } } (at the manifest)" satisfies Located<
          NotAManifestMessage<"null">,
          "the manifest"
        >,
    });
  });

  for (const caches of [undefined, null, [], "caches"]) {
    it(`rejects caches ${JSON.stringify(caches) ?? "missing"}`, () => {
      assertRejectedWith(
        { caches },
        {
          rule: "manifest-shape",
          message:
            "✗ caches of the manifest must be an object of caches, like { user_data: { primary: 'client', owns: ['user:*'] } } (at caches)" satisfies Located<
              BadManifestFieldMessage<"caches", "an object of caches, like { user_data: { primary: 'client', owns: ['user:*'] } }">,
              "caches"
            >,
          field: "caches",
        },
      );
    });
  }

  for (const layers of [[], "client", ["client", "client"], ["client", ""], ["client", 2]]) {
    it(`rejects layers ${JSON.stringify(layers)}`, () => {
      assertRejectedWith(
        { layers, caches: {} },
        {
          rule: "manifest-shape",
          message: "✗ layers of the manifest must be a non-empty array of distinct non-empty layer names (at layers)" satisfies Located<
            BadManifestFieldMessage<"layers", "a non-empty array of distinct non-empty layer names">,
            "layers"
          >,
          field: "layers",
        },
      );
    });
  }

  it("rejects a cache that is not an object", () => {
    assertRejectedWith(
      { caches: { user_data: "client" } },
      {
        rule: "manifest-shape",
        message: "✗ cache 'user_data' is 'client' — make it an object like { primary: 'client', owns: ['user:*'] } (at caches.user_data)" satisfies Located<
          NotACacheMessage<"user_data", "'client'">,
          "caches.user_data"
        >,
        cache: "user_data",
      },
    );
  });

  it("rejects the typo 'invalidate', naming the cache and the field", () => {
    assertRejectedWith(
      userData({ invalidate: ["profile:*"] }),
      onUserData(
        "✗ cache 'user_data' has no field 'invalidate' — use primary, owns, value, validate, version, invalidates, maxSize, ttl, grace, timeout, hardTimeout, streaming, chunkSize, warm, lifetime, exclusive, strategy or private (at caches.user_data.invalidate)" satisfies Located<
          UnknownFieldMessage<"invalidate", "user_data">,
          "caches.user_data.invalidate"
        >,
        "invalidate",
      ),
    );
  });

  for (const owns of [[], "user:*", undefined]) {
    it(`rejects owns ${JSON.stringify(owns) ?? "missing"}`, () => {
      assertRejectedWith(
        userData({ owns }),
        onUserData(
          "✗ owns of cache 'user_data' must be a non-empty array of patterns (at caches.user_data.owns)" satisfies Located<
            BadFieldMessage<"owns", "user_data", "a non-empty array of patterns">,
            "caches.user_data.owns"
          >,
          "owns",
        ),
      );
    });
  }

  for (const [pattern, writtenAs] of [
    ["", "''"],
    ["user:**", "'user:**'"],
    [42, "42"],
  ] as const) {
    it(`rejects the pattern ${writtenAs} in owns`, () => {
      assertRejectedWith(
        userData({ owns: ["user:*", pattern] }),
        onUserData(badPatternInOwns(writtenAs), "owns", typeof pattern === "string" ? pattern : undefined),
      );
    });
  }

  it("rejects bad patterns in invalidates and warm.prefetch, and an invalidates that is not an array", () => {
    assertRejectedWith(
      userData({ invalidates: ["**"] }),
      onUserData(
        "✗ pattern '**' in invalidates of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*' (at caches.user_data.invalidates[0])" satisfies Located<
          BadPatternMessage<"'**'", "invalidates", "user_data">,
          "caches.user_data.invalidates[0]"
        >,
        "invalidates",
        "**",
      ),
    );
    assertRejectedWith(
      userData({ invalidates: "profile:*" }),
      onUserData(
        "✗ invalidates of cache 'user_data' must be an array of patterns (at caches.user_data.invalidates)" satisfies Located<
          BadFieldMessage<"invalidates", "user_data", "an array of patterns">,
          "caches.user_data.invalidates"
        >,
        "invalidates",
      ),
    );
    assertRejectedWith(
      userData({ warm: { prefetch: ["user:**"] } }),
      onUserData(
        "✗ pattern 'user:**' in warm.prefetch of cache 'user_data' is not a pattern — write a non-empty key with single '*' wildcards, like 'user:*' (at caches.user_data.warm.prefetch[0])" satisfies Located<
          BadPatternMessage<"'user:**'", "warm.prefetch", "user_data">,
          "caches.user_data.warm.prefetch[0]"
        >,
        "warm.prefetch",
        "user:**",
      ),
    );
  });

  it("rejects a strategy or lifetime that is not one of its values", () => {
    assertRejectedWith(
      userData({ strategy: "realtime" }),
      onUserData(
        "✗ strategy of cache 'user_data' must be 'offline_first' or 'real_time' (at caches.user_data.strategy)" satisfies Located<
          BadFieldMessage<"strategy", "user_data", "'offline_first' or 'real_time'">,
          "caches.user_data.strategy"
        >,
        "strategy",
      ),
    );
    assertRejectedWith(
      userData({ lifetime: "forever" }),
      onUserData(
        "✗ lifetime of cache 'user_data' must be 'static', 'request' or 'session' (at caches.user_data.lifetime)" satisfies Located<
          BadFieldMessage<"lifetime", "user_data", "'static', 'request' or 'session'">,
          "caches.user_data.lifetime"
        >,
        "lifetime",
      ),
    );
  });

  for (const field of ["streaming", "exclusive", "private"]) {
    it(`rejects ${field}: "yes"`, () => {
      assertRejectedWith(userData({ [field]: "yes" }), onUserData(notABoolean(field), field));
    });
  }

  for (const warm of [true, {}, { prefetch: "user:*" }, { prefetch: ["user:*"], preload: true }]) {
    it(`rejects warm ${JSON.stringify(warm)}`, () => {
      assertRejectedWith(
        userData({ warm }),
        onUserData(
          "✗ warm of cache 'user_data' must be an object with a prefetch array (at caches.user_data.warm)" satisfies Located<
            BadFieldMessage<"warm", "user_data", "an object with a prefetch array">,
            "caches.user_data.warm"
          >,
          "warm",
        ),
      );
    });
  }

  it("rejects a warm.backfill that is not a boolean", () => {
    assertRejectedWith(
      userData({ warm: { prefetch: ["user:*"], backfill: 1 } }),
      onUserData(
        "✗ warm.backfill of cache 'user_data' must be true or false (at caches.user_data.warm.backfill)" satisfies Located<
          BadFieldMessage<"warm.backfill", "user_data", "true or false">,
          "caches.user_data.warm.backfill"
        >,
        "warm.backfill",
      ),
    );
  });

  it("treats a field set to undefined as absent, as TypeScript does", () => {
    assertAccepted(userData({ ttl: undefined, invalidates: undefined, strategy: undefined }));
  });
});
