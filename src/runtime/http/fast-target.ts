/**
 * A cheap reading of a request URL for the hot path of `serveLayer` (a read): the path and query as
 * written, and a query value, without building a `URL` and its `URLSearchParams` for every request.
 * It only answers when the plain reading is provably what the WHATWG parser would give; for anything
 * unusual (dot segments, backslashes, spaces, controls, non-ASCII, a fragment, an encoded or `+` name,
 * malformed percent-encoding) it answers `undefined` and the caller parses with `URL` as before.
 */

// Characters that the URL parser keeps as written in a path and a query of an http(s) URL.
const PLAIN = /^[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/; // no ' (a query gets it percent-encoded)

/** The raw path and query of an absolute http(s) URL, or `undefined` when only `URL` may read it. */
export interface RawTarget {
  readonly path: string;
  readonly query: string;
}

/**
 * Splits `http://host/path?query` as the URL parser would, or `undefined` when it cannot be sure.
 *
 * @example
 * splitTarget("http://127.0.0.1:8787/c/product_cache?key=products%3A1") //=> { path: "/c/product_cache", query: "key=products%3A1" }
 */
export function splitTarget(url: string): RawTarget | undefined {
  const afterScheme =
    url.startsWith("http://") ? 7
    : url.startsWith("https://") ? 8
    : -1;
  if (afterScheme < 0) return undefined;
  const slash = url.indexOf("/", afterScheme);
  if (slash < 0) return undefined;
  // A plain host only: no userinfo, port oddities or characters the parser would treat specially.
  for (let i = afterScheme; i < slash; i++) {
    const c = url.charCodeAt(i);
    const plainHost = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x3a || c === 0x5b || c === 0x5d;
    if (!plainHost) return undefined;
  }
  // A host the parser refuses (empty, a bad IPv4 or IPv6, a port out of range) must still fail as before.
  if (!hostParses(url.slice(afterScheme, slash))) return undefined;
  const target = url.slice(slash);
  if (!PLAIN.test(target)) return undefined;
  const question = target.indexOf("?");
  const path = question < 0 ? target : target.slice(0, question);
  // Dot segments (written or percent-encoded) are resolved by the parser: leave those to it.
  if (path.includes("/.") || /%2e/i.test(path)) return undefined;
  return { path, query: question < 0 ? "" : target.slice(question + 1) };
}

// Hosts already seen to parse: a server sees few (its own names), so this stays small; bounded anyway.
const parsedHosts = new Set<string>();

function hostParses(host: string): boolean {
  if (parsedHosts.has(host)) return true;
  try {
    new URL(`http://${host}/`);
  } catch {
    return false;
  }
  if (parsedHosts.size >= 64) parsedHosts.clear();
  parsedHosts.add(host);
  return true;
}

/**
 * The first value of `name` in a raw query, as `URLSearchParams#get` gives it: a string, `null` when
 * absent, or `undefined` when the plain reading is not sure (then use `URLSearchParams`).
 *
 * @example
 * queryValue("key=products%3A1&stream=1", "key") //=> "products:1"
 */
export function queryValue(query: string, name: string): string | null | undefined {
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end < 0) end = query.length;
    const equals = query.indexOf("=", start);
    const nameEnd = equals >= 0 && equals < end ? equals : end;
    const rawName = query.slice(start, nameEnd);
    if (rawName.includes("%") || rawName.includes("+")) return undefined;
    if (rawName === name) {
      const raw = nameEnd < end ? query.slice(nameEnd + 1, end) : "";
      if (!raw.includes("%") && !raw.includes("+")) return raw;
      try {
        return decodeURIComponent(raw.replaceAll("+", " "));
      } catch {
        return undefined; // malformed: URLSearchParams keeps such bytes in its own way
      }
    }
    start = end + 1;
  }
  return null;
}
