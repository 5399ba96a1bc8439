// Raw HTTP/1.1 requests for the socket fuzz (fuzz.test.ts): each starts as one of the requests the
// library itself sends — a read, a stream, an invalidation, the event feed, a CORS preflight, under the
// served basePath, authorized as the fuzz user — and gets up to three mutations: paths, encodings and
// traversal, request-target forms, Host headers, huge and repeated headers, methods, versions, bodies
// and their framing, conditional and CORS headers, feeds dropped at once.

/** Where the fuzz server lives and who the fuzz client is. */
export interface FuzzEnv {
  readonly port: number;
  /** The served prefix, e.g. "/api". */
  readonly base: string;
  /** The only credential the fuzz ever sends that authorize accepts. */
  readonly token: string;
  readonly origin: string;
  /** The ETags of values the server holds, for conditional requests that match. */
  readonly tags: readonly string[];
}

/** One request to send, with what the assertions need to know about it. */
export interface RawCase {
  readonly bytes: Buffer;
  readonly method: string;
  /** On a connection of its own (its framing may leave the connection unusable). */
  readonly fresh: boolean;
  /** Bytes written before the client half-closes (a body cut short, a feed dropped at once). */
  readonly cutAfter: number | undefined;
  /** The client goes away first: the server may have nobody left to answer. */
  readonly mayGoUnanswered: boolean;
  /** The mutations applied, for the failure message. */
  readonly notes: readonly string[];
  /** The request targets of the request lines sent (two when a second request is pipelined behind). */
  readonly targets: readonly string[];
}

type Shape = "read" | "stream" | "invalidate" | "events" | "preflight";

interface Draft {
  method: string;
  path: string;
  query: string;
  /** An explicit request target, replacing path and query. */
  target: string | undefined;
  version: string;
  headers: [string, string][];
  body: Buffer | undefined;
  /** Content-Length as sent, when a mutation lies about it. */
  length: string | undefined;
  fresh: boolean;
  cut: "none" | "body" | "all";
  shape: Shape;
  notes: string[];
}

const KEYS = [
  "pub:1",
  "pub:2",
  "pub:boom",
  "pub:*",
  "*",
  "admin:1",
  "secret:1",
  "cart:alice",
  "cart:bob",
  "cart:*",
  "video:1",
  "video:none",
  "../admin:1",
  "pub:../../admin:1",
  "",
  "pub:" + "x".repeat(2000),
  "pub:\u0000",
  "pub:\u202e",
  "pub:1#",
  "pub:1&key=admin:1",
  "__proto__",
  "pub:%2e%2e",
];
const CACHES = ["pub_cache", "pub_cache", "carts", "admin_cache", "secret_cache", "video_cache", "__proto__", "constructor", "nothing"];

/**
 * The next case from the seeded generator `next`.
 *
 * @example
 * const next = seededRandom(1); const c = rawCase(next, { port, base: "/api", token: "Bearer alice", origin })
 */
export function rawCase(next: () => number, env: FuzzEnv): RawCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const draft = baseRequest(pick, env);
  const mutations = next() < 0.3 ? 0 : 1 + Math.floor(next() * 3);
  for (let i = 0; i < mutations; i++) pick(MUTATIONS)(draft, pick, next, env);
  return serializeDraft(draft);
}

function baseRequest(pick: <T>(items: readonly T[]) => T, env: FuzzEnv): Draft {
  const shape = pick<Shape>(["read", "read", "read", "read", "stream", "invalidate", "invalidate", "events", "preflight"]);
  const headers: [string, string][] = [
    ["Host", `127.0.0.1:${env.port}`],
    ["Authorization", env.token],
  ];
  const draft: Draft = {
    method: "GET",
    path: "",
    query: "",
    target: undefined,
    version: "HTTP/1.1",
    headers,
    body: undefined,
    length: undefined,
    fresh: false,
    cut: "none",
    shape,
    notes: [shape],
  };
  if (shape === "read" || shape === "stream") {
    const cache = shape === "stream" ? "video_cache" : pick(["pub_cache", "pub_cache", "pub_cache", "carts", "admin_cache"]);
    const key =
      shape === "stream" ?
        pick(["video:1", "video:1", "video:none"])
      : pick(
          cache === "carts" ? ["cart:alice", "cart:bob"]
          : cache === "admin_cache" ? ["admin:1"]
          : ["pub:1", "pub:1", "pub:2", "pub:boom"],
        );
    draft.path = `${env.base}/c/${cache}`;
    draft.query = `key=${encodeURIComponent(key)}${shape === "stream" ? "&stream=1" : ""}`;
    // A revalidation, as a browser or CDN holding a value sends it.
    if (shape === "read" && pick([false, false, true])) headers.push(["If-None-Match", pick(env.tags)]);
  } else if (shape === "invalidate") {
    draft.method = "POST";
    draft.path = `${env.base}/invalidate`;
    const [cache, target] = pick([
      ["pub_cache", "pub:2"],
      ["pub_cache", "pub:*"],
      ["carts", "cart:alice"],
      ["carts", "cart:bob"],
      ["admin_cache", "admin:1"],
      ["pub_cache", "pub:boom"],
    ] as const);
    headers.push(["Content-Type", "application/json"]);
    draft.body = Buffer.from(JSON.stringify({ cache, target, isPattern: target.includes("*") }));
  } else if (shape === "events") {
    draft.path = `${env.base}/events`;
    draft.fresh = true;
  } else {
    draft.method = "OPTIONS";
    draft.path = pick([`${env.base}/invalidate`, `${env.base}/c/pub_cache`]);
    headers.push(["Origin", env.origin], ["Access-Control-Request-Method", "POST"], ["Access-Control-Request-Headers", "authorization, content-type"]);
  }
  return draft;
}

type Mutation = (draft: Draft, pick: <T>(items: readonly T[]) => T, next: () => number, env: FuzzEnv) => void;

const setHeader = (draft: Draft, name: string, value: string | undefined): void => {
  draft.headers = draft.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) draft.headers.push([name, value]);
};

const MUTATIONS: readonly Mutation[] = [
  // Paths: traversal, encodings, case, prefix confusion, other caches.
  (d, pick, _next, env) => {
    const b = env.base;
    d.path = pick([
      `${b}/c/../c/secret_cache`,
      `${b}/c/%2e%2e/secret_cache`,
      `${b}/c/pub_cache/../admin_cache`,
      `${b}/../c/pub_cache`,
      `${b}/c/pub_cache/..%2fadmin_cache`,
      `/${b}/c/pub_cache`,
      `${b}//c/pub_cache`,
      `${b.toUpperCase()}/c/pub_cache`,
      `${b}/c/pub%5Fcache`,
      `${b}/c/admin%5fcache`,
      `${b}/c/%`,
      `${b}/c/%E0%A4%A`,
      `${b}/c/pub_cache%00`,
      `${b}/c/__proto__`,
      `${b}/c/constructor`,
      `${b}/c/`,
      b,
      `${b}/`,
      `${b}x/c/pub_cache`,
      "/c/pub_cache",
      `${b}/c/pub_cache/`,
      `${b}/./c/pub_cache`,
      `${b}/c/./admin_cache`,
      `${b}\\c\\pub_cache`,
      `${b}/c/pub_cache;x`,
      `${b}/events/../c/admin_cache`,
      `${b}/c/secret%255Fcache`,
      "/%2e%2e/%2e%2e/etc/passwd",
      `${b}/c/${pick(CACHES)}`,
      `${b}/C/pub_cache`,
      `${b}/c/pub_cache%2f..%2fadmin_cache`,
      `${b}/invalidate/../c/carts`,
      `${b}/c/${"a".repeat(3000)}`,
      `${b}/c/p%C3%BCb_cache`,
      `${b}/c/pub_cache/%2e%2e/%2e%2e/c/secret_cache`,
    ]);
    d.notes.push(`path ${d.path.slice(0, 60)}`);
  },
  // Query: the key unencoded, double-encoded, repeated, malformed, huge; other keys.
  (d, pick) => {
    const key = pick(KEYS);
    const enc = encodeURIComponent(key);
    d.query = pick([
      `key=${key}`,
      `key=${encodeURIComponent(enc)}`,
      `key=${enc}&key=admin%3A1`,
      `key=admin%3A1&key=${enc}`,
      `key[]=${enc}`,
      `KEY=${enc}`,
      `key=${enc}#frag`,
      `key=${enc}&stream=1`,
      "stream=1",
      "key",
      "key=",
      `key=${"x".repeat(5000)}`,
      "key=%",
      "key=%ZZ",
      "key=pub%3A1%00",
      "key=+pub:1",
      "key=pub%3A1&key=",
      "key=pub%3A%F0%9F%98%80",
      "key=pub%3A%C0%AF",
      `key=${enc}&stream=0`,
      `key=${enc}&stream=1&stream=0`,
      `k%65y=${enc}`,
      `key=${enc};key=admin%3A1`,
      `key=${enc}`,
    ]);
    d.notes.push(`query ${d.query.slice(0, 60)}`);
  },
  // Host: a path in it (the route used to follow it), malformed, foreign, missing, repeated.
  (d, pick, _next, env) => {
    const host = pick<string | undefined>([
      `127.0.0.1:${env.port}${env.base}/c/admin_cache?key=admin%3A1#`,
      `127.0.0.1:${env.port}${env.base}/c/carts?key=cart%3Abob#`,
      `127.0.0.1:${env.port}/../..`,
      "[::1",
      "a b",
      "evil.example",
      "evil.example:99999",
      "",
      "@evil",
      "x".repeat(3000),
      "127.0.0.1:abc",
      "[::1]:80",
      `localhost:${env.port}`,
      "evil.example/",
      "a\u00e9b",
      "127.0.0.1:" + env.port + "#",
      undefined,
    ]);
    setHeader(d, "Host", host);
    if (pick([false, false, true])) d.headers.push(["Host", pick(["evil.example", `127.0.0.1:${env.port}`])]);
    d.notes.push(`host ${String(host).slice(0, 60)}`);
  },
  // Request-target forms: absolute (foreign, malformed, other schemes), asterisk, authority, no slash.
  (d, pick, _next, env) => {
    const rest = `${d.path}${d.query ? `?${d.query}` : ""}`;
    d.target = pick([
      `http://evil.example${rest}`,
      `http://127.0.0.1:${env.port}${rest}`,
      `https://evil.example${rest}`,
      `http://[::1${rest}`,
      `http://a b${rest}`,
      `ftp://evil${rest}`,
      `HTTP://EVIL${rest}`,
      "*",
      `127.0.0.1:${env.port}`,
      rest.slice(1),
      `http://evil.example${env.base}/c/admin_cache?key=admin%3A1`,
      `http://user:pw@evil${rest}`,
      `http:${rest}`,
      `http:/${rest}`,
      `//evil.example${rest}`,
    ]);
    d.notes.push(`target ${d.target.slice(0, 60)}`);
  },
  // Methods.
  (d, pick) => {
    d.method = pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "get", "PROPFIND", "M-SEARCH", "CONNECT", "PURGE", "QUERY"]);
    d.notes.push(`method ${d.method}`);
  },
  // Versions.
  (d, pick) => {
    d.version = pick(["HTTP/1.0", "HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "http/1.1", "HTTP/1", "HTTP/1.1 extra"]);
    d.fresh = true;
    d.notes.push(`version ${d.version}`);
  },
  // Huge headers, many headers.
  (d, pick, next) => {
    if (pick([true, false])) {
      const size = pick([9000, 20000, 70000]);
      d.headers.push(["X-Big", "y".repeat(size)]);
      d.notes.push(`big header ${size}`);
    } else {
      const count = Math.floor(next() * 3000);
      for (let i = 0; i < count; i++) d.headers.push([`X-N-${i}`, "v"]);
      d.notes.push(`${count} headers`);
    }
    d.fresh = true;
  },
  // Authorization: missing, wrong, near misses, repeated, huge.
  (d, pick, _next, env) => {
    const value = pick<string | undefined>([
      undefined,
      "Bearer wrong",
      `${env.token} `,
      env.token.toLowerCase(),
      `${env.token}\t`,
      "Bearer " + "A".repeat(8000),
      `${env.token}, Bearer admin`,
      "Basic YWRtaW46YWRtaW4=",
    ]);
    setHeader(d, "Authorization", value);
    if (pick([false, true])) d.headers.push(["Authorization", pick([env.token, "Bearer other"])]);
    d.notes.push(`auth ${String(value).slice(0, 30)}`);
  },
  // Content-Length lies and conflicts, chunked framing (valid and not).
  (d, pick) => {
    const body = d.body ?? Buffer.from('{"cache":"pub_cache","target":"pub:2","isPattern":false}');
    d.body = body;
    const kind = pick(["longer", "shorter", "twice", "te+cl", "chunked", "bad-chunk", "negative", "huge"]);
    d.fresh = true;
    if (kind === "longer") {
      d.length = String(body.length + 50);
      d.cut = "body";
    } else if (kind === "shorter") d.length = String(Math.max(0, body.length - 5));
    else if (kind === "twice") d.headers.push(["Content-Length", String(body.length)], ["Content-Length", String(body.length + 1)]);
    else if (kind === "te+cl") d.headers.push(["Transfer-Encoding", "chunked"]);
    else if (kind === "negative") d.length = "-1";
    else if (kind === "huge") d.length = "99999999999999999999";
    else {
      setHeader(d, "Transfer-Encoding", "chunked");
      d.length = "omit";
      d.body =
        kind === "chunked" ?
          Buffer.from(`${body.length.toString(16)}\r\n${body.toString("latin1")}\r\n0\r\n\r\n`, "latin1")
        : Buffer.from(`zz\r\n${body.toString("latin1")}\r\n0\r\n\r\n`, "latin1");
    }
    d.notes.push(`framing ${kind}`);
  },
  // Bodies: not JSON, not UTF-8, too large, aimed at other caches, prototype keys, on a GET.
  (d, pick) => {
    d.body = pick([
      Buffer.from("{bad json"),
      Buffer.from("null"),
      Buffer.from("[]"),
      Buffer.from('"pub:1"'),
      Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
      Buffer.from("x".repeat(40_000)),
      Buffer.from(JSON.stringify({ cache: "secret_cache", target: "secret:1", isPattern: false })),
      Buffer.from(JSON.stringify({ cache: "carts", target: "cart:*", isPattern: true })),
      Buffer.from('{"__proto__":{"isPattern":true},"cache":"pub_cache","target":"pub:1"}'),
      Buffer.from(JSON.stringify({ cache: "pub_cache", target: "pub:1", isPattern: "yes" })),
      Buffer.from(JSON.stringify({ cache: "admin_cache", target: "*", isPattern: true })),
      Buffer.from(JSON.stringify({ cache: "pub_cache", target: "admin:*", isPattern: true })),
      Buffer.from(`{"cache":"pub_cache","target":"${"p".repeat(15_000)}","isPattern":false}`),
      Buffer.alloc(0),
    ]);
    d.notes.push(`body ${d.body.subarray(0, 40).toString("latin1")}`);
  },
  // Content types.
  (d, pick) => {
    setHeader(
      d,
      "Content-Type",
      pick([
        undefined,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-16",
        "APPLICATION/JSON",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "application/json, text/plain",
      ]),
    );
    d.notes.push("content-type");
  },
  // Header syntax the parser must refuse: bare CR or LF, obs-fold, a space in a name, NUL, a non-token name.
  (d, pick) => {
    const bad = pick<[string, string]>([
      ["X-A", "1\rX-B: 2"],
      ["X-A", "1\nX-B: 2"],
      ["X-A", "1\r\n continued"],
      ["X Bad", "1"],
      ["X-A", "a\u0000b"],
      ["X-(A)", "1"],
      ["", "empty"],
      [" X-A", "1"],
    ]);
    d.headers.push(bad);
    d.fresh = true;
    d.notes.push(`bad header ${JSON.stringify(bad).slice(0, 40)}`);
  },
  // The event feed opened and dropped at once (or any request cut after its head).
  (d) => {
    d.path = d.path.replace(/\/(c\/[^/]*|invalidate)$/, "/events");
    d.query = "";
    d.method = "GET";
    d.body = undefined;
    d.cut = "all";
    d.fresh = true;
    d.notes.push("dropped at once");
  },
  // Conditional requests.
  (d, pick, _next, env) => {
    const tag = pick(env.tags);
    setHeader(
      d,
      "If-None-Match",
      pick(["*", '"x"', 'W/"x", "y"', '"' + "a".repeat(6000) + '"', "W/*", '""', ",,,", '"x" "y"', tag, `W/${tag}`, `"x", ${tag}`, tag.slice(1)]),
    );
    d.notes.push("if-none-match");
  },
  // Origins.
  (d, pick, _next, env) => {
    setHeader(d, "Origin", pick([env.origin, "http://evil.example", "null", "http://" + "o".repeat(4000), env.origin + "/"]));
    if (pick([true, false])) setHeader(d, "Access-Control-Request-Method", pick(["POST", "DELETE", "GET"]));
    d.notes.push("origin");
  },
  // Expectations, upgrades, ranges, pipelined garbage.
  (d, pick) => {
    const kind = pick(["continue", "expect-other", "upgrade", "range", "pipelined", "garbage-after"]);
    if (kind === "continue") {
      d.headers.push(["Expect", "100-continue"]);
      d.body ??= Buffer.from('{"cache":"pub_cache","target":"pub:2","isPattern":false}');
    } else if (kind === "expect-other") d.headers.push(["Expect", "the-unexpected"]);
    else if (kind === "upgrade") d.headers.push(["Connection", "Upgrade"], ["Upgrade", "websocket"]);
    else if (kind === "range") d.headers.push(["Range", "bytes=0-1"]);
    else d.headers.push(["X-Then", kind]);
    d.fresh = true;
    d.notes.push(kind);
  },
];

function serializeDraft(d: Draft): RawCase {
  const target = d.target ?? `${d.path}${d.query ? `?${d.query}` : ""}`;
  const headers = [...d.headers];
  if (d.body !== undefined && d.length !== "omit" && !headers.some(([n]) => n.toLowerCase() === "content-length"))
    headers.push(["Content-Length", d.length ?? String(d.body.length)]);
  const head = `${d.method} ${target} ${d.version}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
  let bytes = Buffer.concat([Buffer.from(head, "latin1"), d.body ?? Buffer.alloc(0)]);
  // As the server reads them: the request is sent as latin1, one byte per character.
  const asSent = (text: string): string => Buffer.from(text, "latin1").toString("latin1");
  const targets = [asSent(target)];
  if (d.notes.includes("pipelined")) {
    bytes = Buffer.concat([bytes, Buffer.from(`GET ${d.path} HTTP/1.1\r\nHost: x\r\n\r\n`, "latin1")]);
    targets.push(asSent(d.path));
  }
  if (d.notes.includes("garbage-after")) bytes = Buffer.concat([bytes, Buffer.from("\u0000\u0001garbage\r\n\r\n", "latin1")]);
  // A body shorter than a Content-Length says (whichever mutation came last) would keep the server
  // waiting for the rest: the client then ends its side, as a client that went away does.
  const declared = headers.filter(([n]) => n.toLowerCase() === "content-length").map(([, v]) => Number(v));
  if (d.cut === "none" && declared.some((n) => Number.isFinite(n) && n > (d.body?.length ?? 0))) d.cut = "body";
  const cutAfter =
    d.cut === "none" ? undefined
    : d.cut === "all" ? head.length
    : bytes.length;
  return {
    bytes,
    method: d.method,
    fresh: d.fresh || d.cut !== "none" || d.shape === "events",
    cutAfter,
    mayGoUnanswered: d.cut !== "none",
    notes: d.notes,
    targets,
  };
}
