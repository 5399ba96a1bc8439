import type { IncomingMessage } from "node:http";

/**
 * What Node's HTTP parser hands over, read for routing: the request line decides the route, never the
 * `Host` header. A Host is only checked to be a well-formed one (RFC 9112 §3.2: a request with an
 * invalid or repeated Host is a 400), and a target is turned into the path and query that decide.
 */

/** The path and query of a request, as its request line gives them, or why it cannot be served. */
export type RequestTarget =
  | { readonly kind: "path"; readonly pathAndQuery: string }
  /** `OPTIONS *` (RFC 9112 §3.2.4): a question about the server, not about a path anything serves. */
  | { readonly kind: "server" }
  | { readonly kind: "malformed"; readonly reason: string };

// RFC 9110 §7.2 / RFC 3986 §3.2.2: uri-host [ ":" port ], where uri-host is an IP literal in brackets or
// a reg-name (unreserved, percent-encoded, sub-delims). No `/`, `?`, `#`, `@`, space or control.
const HOST = /^(?:\[[0-9A-Za-z._~!$&'()*+,;=:%-]+\]|[0-9A-Za-z._~!$&'()*+,;=%-]*)(?::[0-9]*)?$/;

/**
 * The path and query the request line asks for: an origin-form target as is; an absolute-form one
 * (`GET http://host/path`, RFC 9112 §3.2.2, which a server must accept) by its path and query, its
 * authority ignored as routing ignores Host; `*` as a question about the server; anything else is
 * malformed.
 *
 * @example
 * requestTarget("/c/product_cache?key=products%3A1") //=> { kind: "path", pathAndQuery: "/c/product_cache?key=products%3A1" }
 * requestTarget("http://edge.example/c/x?key=k")    //=> { kind: "path", pathAndQuery: "/c/x?key=k" }
 * requestTarget("*")                                 //=> { kind: "server" }
 */
export function requestTarget(target: string): RequestTarget {
  if (target.startsWith("/")) return { kind: "path", pathAndQuery: target };
  if (target === "*") return { kind: "server" };
  if (/^https?:\/\//i.test(target)) {
    try {
      const url = new URL(target);
      return { kind: "path", pathAndQuery: `${url.pathname}${url.search}` };
    } catch {
      return { kind: "malformed", reason: "malformed request target" };
    }
  }
  return { kind: "malformed", reason: "malformed request target" };
}

/**
 * Why the request's headers cannot be accepted, or `undefined`: a `Host` that is not one host and port
 * (RFC 9112 §3.2: more than one, or malformed; absent is fine for HTTP/1.0, and Node itself refuses an
 * HTTP/1.1 request without one), or a chunked body sent with `Upgrade` — once a request asks for an
 * upgrade, Node stops checking the chunked framing, so a malformed body would hold the request open
 * until Node's request timeout instead of being refused (no layer route upgrades anyway).
 *
 * @example
 * import type { IncomingMessage } from "node:http";
 * declare const req: IncomingMessage;
 * headerProblem(req) //=> undefined · "malformed Host header" · "more than one Host header" · …
 */
export function headerProblem(req: IncomingMessage): string | undefined {
  if (req.headers.upgrade !== undefined && req.headers["transfer-encoding"] !== undefined) return "a chunked body cannot come with Upgrade";
  const host = req.headers.host;
  if (host !== undefined && !HOST.test(host)) return "malformed Host header";
  // Node keeps the first of repeated Host lines in `headers`: count them in the raw list.
  const raw = req.rawHeaders;
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === "host" && ++seen > 1) return "more than one Host header";
  }
  return undefined;
}

/**
 * The origin a server names itself by in the URLs it builds: its own address, from the socket the
 * request came in on, never the client's `Host`.
 *
 * @example
 * originOf("127.0.0.1", 8787) //=> "http://127.0.0.1:8787"
 * originOf("::1", 8787)       //=> "http://[::1]:8787"
 */
export function originOf(address: string | undefined, port: number | undefined): string {
  if (address === undefined || port === undefined) return "http://localhost";
  // An IPv6 address in brackets, without its zone (`%eth0`), which a URL cannot carry.
  return `http://${address.includes(":") ? `[${address.replace(/%.*$/, "")}]` : address}:${port}`;
}
