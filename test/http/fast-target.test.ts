// Internal unit: serveLayer's fast request-target reader has no public face; its answers must equal URL's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { queryValue, splitTarget } from "../../src/runtime/http/fast-target.js";

// The hot path of serveLayer reads request URLs without `URL`; wherever it answers, it must answer
// exactly what the WHATWG parser and URLSearchParams give, or the fast path would change behaviour.

const pieces = [
  "/",
  ".",
  "..",
  "%2e",
  "%2E",
  "%",
  "%3A",
  "%ZZ",
  "%C3%A9",
  "%ED%A0%80",
  "+",
  "&",
  "=",
  "?",
  "#",
  "\\",
  " ",
  "\t",
  "é",
  "'",
  "key",
  "stream",
  "c",
  "product_cache",
  "k%65y",
  "1",
  "a",
];
const target = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => `/${parts.join("")}`);
const host = fc.constantFrom(
  "127.0.0.1:8787",
  "localhost",
  "[::1]:80",
  "Example.com",
  "a@b",
  "h%41",
  "",
  "1.2.3.256",
  "[",
  "[::1",
  "a:99999",
  "a:b",
  "1.2.3.4.5",
);

describe("fast request-target reading", () => {
  it("splits path and query as URL does, or declines", () => {
    fc.assert(
      fc.property(host, target, (h, t) => {
        const url = `http://${h}${t}`;
        const fast = splitTarget(url);
        if (fast === undefined) return;
        assert.ok(URL.canParse(url), `${url} does not parse, yet was read`);
        const parsed = new URL(url);
        assert.equal(fast.path, parsed.pathname, url);
        assert.equal(fast.query, parsed.search.slice(1), url);
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it("reads a query value as URLSearchParams does, or declines", () => {
    fc.assert(
      fc.property(target, fc.constantFrom("key", "stream"), (t, name) => {
        const fast = splitTarget(`http://127.0.0.1${t}`);
        if (fast === undefined) return;
        const value = queryValue(fast.query, name);
        if (value === undefined) return;
        assert.equal(value, new URL(`http://127.0.0.1${t}`).searchParams.get(name), t);
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it("takes the common read target", () => {
    const fast = splitTarget("http://127.0.0.1:8787/c/product_cache?key=products%3A42&stream=1");
    assert.deepEqual(fast, { path: "/c/product_cache", query: "key=products%3A42&stream=1" });
    assert.equal(queryValue(fast.query, "key"), "products:42");
    assert.equal(queryValue(fast.query, "stream"), "1");
    assert.equal(queryValue("stream=1", "key"), null);
  });
});
