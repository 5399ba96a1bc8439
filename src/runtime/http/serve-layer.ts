import type { Clock } from "../contracts/clock.js";
import type { LayerRoute } from "../contracts/route.js";
import { serialize } from "../serialize/index.js";
import { keyNotInCacheError } from "../borrow/borrow-errors.js";
import { invalidationModeMessage, modeText, targetShapeMessage } from "../messages/http.js";
import { systemClock } from "../time/clock.js";
import { exposedCaches, type ExposedCache } from "./exposed-caches.js";
import { corsHeaders, type CorsOptions } from "./cors.js";
import { eventsFeed } from "./events-feed.js";
import { BodyCutError, BodyTooLargeError, readBodyText } from "./read-body.js";
import { baseHeaders, errorResponse, notFound, okResponse, responseForError, withVary } from "./responses.js";
import { readHeaders } from "./read-headers.js";
import { entityTag, knownTag, noneMatch } from "./entity-tag.js";
import { normalizeBasePath, resolvedPath } from "./base-path.js";
import { frameHead, endFrame } from "./stream-frames.js";
import { CACHE_PATH, EVENTS_PATH, FRAMES_TYPE, Header, INVALIDATE_PATH, VALUE_TYPE } from "./protocol.js";
import { plainHandler, toResponse, type PlainRequest, type PlainResponse } from "./plain.js";
import { queryValue, splitTarget } from "./fast-target.js";
import { traceCarrier } from "../events/trace-context.js";

/** What a caller asks to do, as `authorize` sees it. For the event feed as a whole, `cache` and `key` are `"*"`. */
export interface Access {
  readonly action: "read" | "stream" | "invalidate" | "events";
  readonly cache: string;
  readonly key: string;
}

/**
 * Decides whether a request may do `access`; `false` (or a throw) answers 403. It sees the request's
 * `method`, `url`, `headers` and `signal` (a Web `Request` on workers; only those on Node's fast path).
 */
export type Authorize = (request: PlainRequest, access: Access) => boolean | Promise<boolean>;

/** A layer `serveLayer` can serve: the route to its owned caches, its manifest and its clock. */
export interface ServableLayer {
  /** The layer's route: every answer is the route's, so HTTP and in-process borrowers get the same. */
  readonly route: LayerRoute;
  /** The manifest as `defineManifest` returns it, to learn the exposed caches. */
  readonly manifest: unknown;
  /** The layer's clock: the `Age` header follows it, as `getWithMeta().age` does. @default systemClock */
  readonly clock?: Clock | undefined;
}

/** Options of `serveLayer`. */
export interface ServeLayerOptions {
  /** The caches served, each owned by the layer. Nothing else is: deny by default. */
  readonly expose: readonly string[];
  /** Runs before every read, stream, invalidation and event subscription. Required to expose a private cache. @default everything allowed */
  readonly authorize?: Authorize | undefined;
  /**
   * Path the routes live under, as the request line carries it (`/cache`); a request elsewhere is not
   * this handler's (`handler.handles(path)` is false) and gets 404. @default "/"
   */
  readonly basePath?: string | undefined;
  /**
   * Request headers `authorize` reads, sent as `Vary` on every answer so that an HTTP cache keeps one
   * answer per requester (RFC 9110 §12.5.5). Name every header it reads (`Cookie` for a session cookie).
   * @default ["Authorization"] when `authorize` is given, else none
   */
  readonly vary?: readonly string[] | undefined;
  /** Largest accepted request body. @default 16384 */
  readonly maxBodyBytes?: number | undefined;
  /** Longest accepted key. @default 1024 */
  readonly maxKeyLength?: number | undefined;
  /** Interval of the keep-alive comment on `/events`. @default 15000 */
  readonly heartbeatMs?: number | undefined;
  /** Most event feeds open at once; more get 429, so idle connections cannot pile up without bound. @default 10000 */
  readonly maxSubscribers?: number | undefined;
  /** Browser origins allowed to call from another origin. @default none */
  readonly cors?: CorsOptions | undefined;
  /** Hears every error that became a 5xx, for logging (its text never reaches the caller). */
  readonly onError?: ((error: unknown, request: PlainRequest) => void) | undefined;
}

/**
 * A Web-standard request handler: runs on Deno, Bun and workers as is, and on Node through an adapter,
 * which calls its plain form (`[plainHandler]`) to skip building Web objects.
 */
export interface LayerHandler {
  (request: Request): Promise<Response>;
  readonly [plainHandler]: (request: PlainRequest) => Promise<PlainResponse>;
  /** `basePath` as compared with request paths: `""` for the root, else `/prefix`. */
  readonly basePath: string;
  /**
   * Whether a request path (as the request line carries it, without the query) is one of this handler's
   * routes under `basePath` (`…/c/<cache>`, `…/events`, `…/invalidate`), once dot segments are resolved.
   * A framework mount answers every other path itself (`next()`).
   */
  handles(path: string): boolean;
}

const allowEverything: Authorize = () => true;

/**
 * Serves a layer's own caches over HTTP to borrowers (`remoteLayer`), browsers and CDNs: reads as tagged
 * JSON with the HTTP caching headers a CDN understands (`ETag` and `If-None-Match` → 304, `Cache-Control`
 * from the manifest, `Cache-Status`, `Age`, `Vary`: read-headers.ts, docs/http.md), streams as frames,
 * invalidations by `POST`, and an event feed of every invalidation. Deny by default: only `expose`d
 * caches answer, `authorize` runs before anything is read or dropped, every other request gets 404, 403
 * or another 4xx with a JSON `{ error, rule? }`, and no error escapes the handler (a failed store is a
 * 503). A miss answers the same 404 as an unexposed cache.
 *
 * @example
 * declare const token: string
 * const handler = serveLayer(edge, { expose: ["product_cache"], authorize: (req) => req.headers.get("Authorization") === token })
 * // Deno.serve(handler) · export default { fetch: handler } · serveNode(handler)
 * @throws BorrowError (rule `own-on-primary`) when `expose` names a cache the layer does not own
 * @throws ManifestError (rule `private-never-shared`) when a private cache is exposed without `authorize`
 */
export function serveLayer(layer: ServableLayer, options: ServeLayerOptions): LayerHandler {
  const route = layer.route;
  const clock = layer.clock ?? systemClock;
  const exposed = exposedCaches(layer.manifest, route.layerName, options.expose, options.authorize !== undefined);
  const authorize = options.authorize ?? allowEverything;
  const basePath = normalizeBasePath(options.basePath);
  const vary = (options.vary ?? (options.authorize ? ["Authorization"] : [])).join(", ");
  const maxBodyBytes = options.maxBodyBytes ?? 16_384;
  const maxKeyLength = options.maxKeyLength ?? 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxSubscribers = options.maxSubscribers ?? 10_000;
  let subscribers = 0;
  // The read path of each exposed cache as a client writes it (`readUrl`), precomputed so that the hot
  // path can find the cache without `URL`; only paths the URL parser leaves as they are.
  const readPaths = new Map<string, ExposedCache>();
  for (const cache of exposed.values()) {
    const path = `${basePath}${CACHE_PATH}${encodeURIComponent(cache.name)}`;
    if (new URL(path, "http://localhost").pathname === path) readPaths.set(path, cache);
  }

  /** `authorize`, where a throw counts as no; a synchronous answer is taken without waiting a turn. */
  const allowed = (request: PlainRequest, access: Access): boolean | Promise<boolean> => {
    try {
      const answer = authorize(request, access);
      if (typeof answer === "boolean") return answer;
      return Promise.resolve(answer).then(
        (yes) => yes === true,
        () => false,
      );
    } catch {
      return false;
    }
  };

  /** A key (or pattern) this cache accepts, or the 4xx that says why not: the cache's own membership test, as in-process. */
  const checkKey = (cache: ExposedCache, key: string, isPattern: boolean): PlainResponse | undefined => {
    if (key.length === 0 || key.length > maxKeyLength) return errorResponse(414, `key longer than ${maxKeyLength} characters or empty`);
    if (isPattern ? cache.accepts(key) : cache.acceptsKey(key)) return undefined;
    const refused = keyNotInCacheError(cache, key, route.layerName);
    return errorResponse(400, refused.message, refused.rule);
  };

  const read = async (request: PlainRequest, cache: ExposedCache, key: string | null, stream: boolean): Promise<PlainResponse> => {
    if (key === null) return errorResponse(400, "missing query parameter 'key'");
    const refused = checkKey(cache, key, false);
    if (refused) return refused;
    const access = allowed(request, { action: stream ? "stream" : "read", cache: cache.name, key });
    if (access !== true && (access === false || !(await access))) return errorResponse(403, "forbidden");
    return stream ? streamValue(cache.name, key) : readValue(request, cache, key);
  };

  /** A value with its validator and caching headers (`read-headers.ts`), or 304 when the caller holds it already. */
  const readValue = async (request: PlainRequest, cache: ExposedCache, key: string): Promise<PlainResponse> => {
    const found = await route.read(cache.name, key);
    if (!found.hit && found.value === undefined) return notFound(readHeaders(cache, found, clock.now(), {}));
    // One header object for the whole answer.
    const headers = readHeaders(cache, found, clock.now(), baseHeaders());
    const held = request.headers.get("If-None-Match");
    // RFC 9110 §15.4.5: a 304 carries the headers the 200 would (validator, caching, Vary), no content;
    // a value tagged before is not even serialized for it.
    const known = knownTag(found.value);
    if (known !== undefined && held !== null && noneMatch(held, known)) {
      headers[Header.etag] = known;
      return { status: 304, body: null, headers };
    }
    const body = serialize(found.value);
    const tag = known ?? entityTag(found.value, body);
    headers[Header.etag] = tag;
    if (held !== null && noneMatch(held, tag)) return { status: 304, body: null, headers };
    headers["Content-Type"] = VALUE_TYPE;
    return { status: 200, body, headers };
  };

  // The head, then the chunk as the store gave it (a fresh copy): no frame-sized copy per chunk.
  const enqueueFrame = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): void => {
    controller.enqueue(frameHead(chunk));
    controller.enqueue(chunk);
  };

  const streamValue = async (cache: string, key: string): Promise<PlainResponse> => {
    const chunks = route.stream(cache, key)[Symbol.asyncIterator]();
    // Pull the first chunk before answering, so a missing key or a refused read is a status, not a cut stream.
    const first = await chunks.next();
    let done = first.done === true;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) enqueueFrame(controller, first.value);
      },
      async pull(controller) {
        if (done) return;
        const next = await chunks.next();
        if (next.done) {
          done = true;
          controller.enqueue(endFrame());
          controller.close();
        } else {
          enqueueFrame(controller, next.value);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    });
    if (done) return okResponse(endFrame(), { "Content-Type": FRAMES_TYPE });
    return okResponse(body, { "Content-Type": FRAMES_TYPE });
  };

  const invalidate = async (request: PlainRequest): Promise<PlainResponse> => {
    const type = request.headers.get("Content-Type") ?? "";
    // Only JSON: a cross-site form cannot send it without a CORS preflight, which `cors` decides.
    if (!/^application\/json\s*(;|$)/i.test(type)) return errorResponse(415, "send the invalidation as application/json");
    const text = await readBodyText(request, maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(400, "body is not valid JSON");
    }
    const { cache: cacheName, target, isPattern, mode } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof cacheName !== "string" || typeof target !== "string" || typeof isPattern !== "boolean") {
      return errorResponse(400, "expected a body { cache: string, target: string, isPattern: boolean }");
    }
    const cache = exposed.get(cacheName);
    if (!cache) return notFound();
    if (isPattern !== target.includes("*")) return errorResponse(400, targetShapeMessage(target, cache.name), "key-in-patterns");
    if (mode !== undefined && mode !== "delete" && mode !== "expire")
      return errorResponse(400, invalidationModeMessage(modeText(mode), cache.name), "key-in-patterns");
    const refused = checkKey(cache, target, isPattern);
    if (refused) return refused;
    if (!(await allowed(request, { action: "invalidate", cache: cache.name, key: target }))) return errorResponse(403, "forbidden");
    if (mode === "expire") await route.invalidate(cache.name, target, isPattern, "expire");
    else await route.invalidate(cache.name, target, isPattern);
    return okResponse(null, {}, 204);
  };

  const events = async (request: PlainRequest): Promise<PlainResponse> => {
    if (!(await allowed(request, { action: "events", cache: "*", key: "*" }))) return errorResponse(403, "forbidden");
    if (subscribers >= maxSubscribers) return errorResponse(429, "too many event feeds open", undefined, { "Retry-After": "5" });
    subscribers++;
    const body = eventsFeed({
      layer: route,
      exposed,
      heartbeatMs,
      signal: request.signal,
      onClose: () => {
        subscribers--;
      },
      mayHear: async (invalidation) => allowed(request, { action: "events", cache: invalidation.cache, key: invalidation.target }),
    });
    return okResponse(body, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive", "X-Accel-Buffering": "no" });
  };

  const dispatch = async (request: PlainRequest): Promise<PlainResponse> => {
    // The hot path, a read: the cache from its precomputed path and the query read in place.
    // HEAD is GET without the content (RFC 9110 §9.3.2): the same route, headers and validators.
    const raw = request.method === "GET" || request.method === "HEAD" ? splitTarget(request.url) : undefined;
    const fast = raw && readPaths.get(raw.path);
    if (raw && fast) {
      const key = queryValue(raw.query, "key");
      const stream = queryValue(raw.query, "stream");
      if (key !== undefined && stream !== undefined) return read(request, fast, key, stream === "1");
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return errorResponse(400, "malformed request URL");
    }
    if (!url.pathname.startsWith(`${basePath}/`)) return notFound();
    const path = url.pathname.slice(basePath.length);
    const method = request.method;
    if (method === "OPTIONS") return okResponse(null, {}, 204);
    if (path === EVENTS_PATH) return method === "GET" ? events(request) : methodNotAllowed("GET");
    if (path === INVALIDATE_PATH) return method === "POST" ? invalidate(request) : methodNotAllowed("POST");
    if (path.startsWith(CACHE_PATH)) {
      let cacheName: string;
      try {
        cacheName = decodeURIComponent(path.slice(CACHE_PATH.length));
      } catch {
        return errorResponse(400, "malformed percent-encoding in the path");
      }
      const cache = exposed.get(cacheName);
      if (!cache) return notFound();
      return method === "GET" || method === "HEAD" ?
          read(request, cache, url.searchParams.get("key"), url.searchParams.get("stream") === "1")
        : methodNotAllowed("GET, HEAD");
    }
    return notFound();
  };

  const plain = async (request: PlainRequest): Promise<PlainResponse> => {
    let response: PlainResponse;
    try {
      // A request that carries its caller's trace (`traceparent`) is answered inside it (borrowcache/otel).
      const carrier = traceCarrier();
      response = await (carrier === undefined ?
        dispatch(request)
      : carrier.extract(
          (name) => request.headers.get(name),
          () => dispatch(request),
        ));
    } catch (error) {
      if (error instanceof BodyTooLargeError) response = errorResponse(413, error.message);
      // A body the client cut short (or sent as bytes that are not UTF-8) is its own fault, not ours.
      else if (error instanceof BodyCutError) response = errorResponse(400, error.message);
      else if (error instanceof URIError || (error instanceof TypeError && /decode|UTF-8|encoded/i.test(error.message)))
        response = errorResponse(400, "malformed request");
      else {
        response = responseForError(error);
        if (response.status >= 500) options.onError?.(error, request);
      }
    }
    if (request.method === "HEAD" && response.body instanceof ReadableStream) {
      // No content goes out: a stream opened for the status is closed, not pumped into nothing.
      await response.body.cancel().catch(() => undefined);
      response = { ...response, body: null };
    }
    if (vary) withVary(response.headers, vary);
    if (options.cors) {
      const cors = corsHeaders(request, options.cors);
      const varyCors = cors.Vary;
      delete cors.Vary;
      Object.assign(response.headers, cors);
      if (varyCors) withVary(response.headers, varyCors);
    }
    return response;
  };
  const handles = (path: string): boolean => {
    const resolved = resolvedPath(path);
    if (resolved === undefined || !resolved.startsWith(`${basePath}/`)) return false;
    const rest = resolved.slice(basePath.length);
    return rest.startsWith(CACHE_PATH) || rest === EVENTS_PATH || rest === INVALIDATE_PATH;
  };
  const handler = async (request: Request): Promise<Response> => toResponse(await plain(request));
  return Object.assign(handler, { [plainHandler]: plain, basePath, handles });
}

function methodNotAllowed(allow: string): PlainResponse {
  return errorResponse(405, "method not allowed", undefined, { Allow: allow });
}
