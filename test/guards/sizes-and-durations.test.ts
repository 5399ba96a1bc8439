import { describe, it } from "node:test";
import type { NotADurationMessage, NotASizeMessage, Written, Located } from "../../src/index.js";
import { assertAccepted, assertRejectedWith } from "./helpers/define.js";

const cacheWith = (fields: object) => ({ caches: { product_cache: { primary: "edge", owns: ["products:*"], ...fields } } });
/** A value as the messages write it (the public `Written` type): a string in quotes, a number bare. */
const written = <const TValue extends string | number>(value: TValue) => (typeof value === "string" ? `'${value}'` : `${value}`) as Written<TValue>;
// The messages the loops below vary, each checked by tsc against its public type.
// At run time each message is followed by where the value is: the field of cache 'product_cache'.
const notASize = <TWritten extends string>(given: TWritten): Located<NotASizeMessage<"maxSize", TWritten, "product_cache">, "caches.product_cache.maxSize"> =>
  `✗ maxSize ${given} of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB) (at caches.product_cache.maxSize)`;
const notADuration = <TField extends string, TWritten extends string>(
  field: TField,
  given: TWritten,
): Located<NotADurationMessage<TField, TWritten, "product_cache">, `caches.product_cache.${TField}`> =>
  `✗ ${field} ${given} of cache 'product_cache' is not a duration — write it like '30m' (ms, s, m, h, d) (at caches.product_cache.${field})`;

describe("sizes and durations", () => {
  for (const size of ["50MB", "1.5KB", "1B", "2GB", "0.5MB"]) {
    it(`accepts maxSize '${size}'`, () => {
      assertAccepted(cacheWith({ maxSize: size }));
    });
  }

  for (const size of ["0MB", "-1MB", "050MB", "50 MB", "50 megs", 50, "MB", "50mb", "5.MB", "InfinityMB", "50KiB", ""]) {
    it(`rejects maxSize ${written(size)}`, () => {
      assertRejectedWith(cacheWith({ maxSize: size }), {
        rule: "sizes-and-durations",
        message: notASize(written(size)),
        cache: "product_cache",
        layer: "edge",
        field: "maxSize",
      });
    });
  }

  for (const duration of ["30m", "100ms", "1.5h", "7d", "2s"]) {
    it(`accepts ttl '${duration}'`, () => {
      assertAccepted(cacheWith({ ttl: duration }));
    });
  }

  for (const duration of ["0s", "30", 30, "30 min", "030m", "30M", "-5s", "1w"]) {
    it(`rejects ttl ${written(duration)}`, () => {
      assertRejectedWith(cacheWith({ ttl: duration }), {
        rule: "sizes-and-durations",
        message: notADuration("ttl", written(duration)),
        cache: "product_cache",
        layer: "edge",
        field: "ttl",
      });
    });
  }

  it("checks grace, timeout and hardTimeout as durations too", () => {
    for (const field of ["grace", "timeout", "hardTimeout"]) {
      assertRejectedWith(cacheWith({ ttl: "1m", [field]: "soon" }), {
        rule: "sizes-and-durations",
        message: notADuration(field, "'soon'"),
        cache: "product_cache",
        layer: "edge",
        field,
      });
    }
  });

  it("checks chunkSize as a size", () => {
    assertRejectedWith(cacheWith({ streaming: true, chunkSize: "1 chunk" }), {
      rule: "sizes-and-durations",
      message:
        "✗ chunkSize '1 chunk' of cache 'product_cache' is not a size — write it like '50MB' (B, KB, MB, GB) (at caches.product_cache.chunkSize)" satisfies Located<
          NotASizeMessage<"chunkSize", "'1 chunk'", "product_cache">,
          "caches.product_cache.chunkSize"
        >,
      cache: "product_cache",
      layer: "edge",
      field: "chunkSize",
    });
  });
});
