import type { LayerRoute, RouteInvalidation, RouteRead } from "../contracts/route.js";
import type { InvalidationMode } from "../contracts/invalidation-mode.js";
import type { BorrowRule } from "../../types/messages/rules.js";
import { BorrowError, LoadTimeoutError, StoreError } from "../errors.js";
import { ChunkedValueError } from "../streaming/index.js";
import { deserialize } from "../serialize/index.js";
import { remoteRefusedMessage, remoteUnreachableMessage } from "../messages/http.js";
import { decodeFrames } from "./stream-frames.js";
import { EventFollower } from "./event-follower.js";
import { DeadlineList, type Deadline } from "./deadlines.js";
import { fetchGetText, type GetText, type TextAnswer } from "./get-text.js";
import { ownerFetch } from "./owner-fetch.js";
import { Header, INVALIDATE_PATH, readUrl } from "./protocol.js";
import { traceCarrier } from "../events/trace-context.js";

/** Options of `remoteLayer`. */
export interface RemoteLayerOptions {
  /** The owner layer's name, for errors and `RouteRead.layer` until it answers. @default "remote" */
  readonly layer?: string | undefined;
  /** Headers sent with every request (credentials for the owner's `authorize`); a function is called per request. */
  readonly headers?: HeadersInit | (() => HeadersInit) | undefined;
  /** Milliseconds to wait for an answer (and between two chunks of a stream) before failing. @default 5000 */
  readonly timeout?: number | undefined;
  /** The fetch to use. @default globalThis.fetch */
  readonly fetch?: typeof fetch | undefined;
  /** Reconnect delays of the event feed: doubling from `min` up to `max` ms. @default { min: 250, max: 5000 } */
  readonly reconnect?: { readonly min: number; readonly max: number } | undefined;
}

/** A `LayerRoute` over HTTP, plus what a long-lived borrower needs to manage its event feed. */
export interface RemoteLayer extends LayerRoute {
  /** The base URL, ending in `/`. */
  readonly url: string;
  /** Resolves once the event feed is connected (its `hello` arrived), so later invalidations reach the listeners. */
  subscribed(): Promise<void>;
  /** Stops the event feed and its reconnects. */
  close(): void;
}

/**
 * Borrows from a layer served by `serveLayer` at `url`: the borrowing side, a `LayerRoute` to pass in
 * `remotes`. Reads are one `GET` each, answered by the owner itself (never by an HTTP cache on the way)
 * and never kept here: one copy of each value, at its owner — so it holds no validator and sends no
 * `If-None-Match` (docs/http.md says why). Streams yield chunks as they arrive, `invalidate` posts to
 * the owner, and `onInvalidate` follows the owner's event feed, reconnecting with backoff; after a
 * reconnect it reports each exposed cache's patterns as invalidated, since events may have been missed
 * meanwhile.
 *
 * @example
 * const client = createLayer(app, "client", { store: idbStore("shop"), remotes: { edge: remoteLayer("https://edge.example/", { layer: "edge" }) } })
 * @throws BorrowError (rule `route-to-owner`, with `cause`) when the owner cannot be reached in time or refuses
 */
export function remoteLayer(url: string | URL, options: RemoteLayerOptions = {}): RemoteLayer {
  return createRemoteLayer(url, options);
}

/** How reads travel, when not by `fetch`: `getText` for each read, `close` when the borrower closes. */
export interface ReadTransport {
  readonly getText: GetText;
  close(): void;
}

/**
 * `remoteLayer` with reads sent through `transport` instead of `fetch` (streams, invalidations and the
 * event feed still use `fetch`): how Node's entry gives reads a cheaper client over `node:http`.
 *
 * @example
 * declare const transport: ReadTransport // on Node, borrowcache/node's nodeReadTransport()
 * const remote = createRemoteLayer("http://127.0.0.1:8787/", { layer: "edge" }, transport)
 */
export function createRemoteLayer(url: string | URL, options: RemoteLayerOptions = {}, transport?: ReadTransport): RemoteLayer {
  const base = new URL(url);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const layerName = options.layer ?? "remote";
  const timeout = options.timeout ?? 5000;
  // One timer for the deadlines of all requests in flight, rather than one timer each.
  const deadlines = new DeadlineList(timeout);
  // Every request reaches the owner, never an HTTP cache's copy (owner-fetch.ts).
  const doFetch = ownerFetch(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  const getText = transport?.getText ?? fetchGetText(doFetch);
  // Fixed headers are normalised once; a function is called per request (a token that rotates).
  const fixedHeaders = typeof options.headers === "function" ? undefined : Object.fromEntries(new Headers(options.headers));
  const headerRecord = (): Record<string, string> => fixedHeaders ?? Object.fromEntries(new Headers((options.headers as () => HeadersInit)()));
  const headers = (): Headers => new Headers(headerRecord());
  // The caller's trace goes along (`traceparent`) when an integration carries it (borrowcache/otel).
  const requestHeaders = (): Record<string, string> => {
    const carrier = traceCarrier();
    if (carrier === undefined) return headerRecord();
    const record = { ...headerRecord() };
    carrier.inject(record);
    return record;
  };

  // Each cache's read URL up to the key, built once (`readUrl` per request parsed two URLs).
  const readPrefixes = new Map<string, string>();
  const readHref = (cache: string, key: string, stream: boolean): string => {
    let prefix = readPrefixes.get(cache);
    if (prefix === undefined) {
      prefix = readUrl(base, cache, "", false).href;
      readPrefixes.set(cache, prefix);
    }
    return `${prefix}${encodeURIComponent(key)}${stream ? "&stream=1" : ""}`;
  };

  const unreachable = (action: string, target: string, cache: string, cause: unknown): BorrowError =>
    new BorrowError(remoteUnreachableMessage(action, target, cache, layerName, base.href), {
      rule: "route-to-owner",
      cache,
      key: target,
      layer: layerName,
      cause,
    });

  /**
   * The error for a refusing answer — the one an in-process borrower gets for the same call: the owner's
   * own rule and text for a 400 that names one, a `StoreError` for a failed store (503), a
   * `LoadTimeoutError` for a load past its `hardTimeout` (504), a `ChunkedValueError` for a streamed value
   * that is not there; else a refusal (not exposed, not authorized).
   */
  const refusal = (status: number, text: string, action: string, target: string, cache: string, state?: string | null): Error => {
    const body = parseJson(text) as { error?: unknown; rule?: unknown; operation?: unknown; timeoutMs?: unknown } | undefined;
    if (status === 400 && typeof body?.rule === "string" && typeof body.error === "string") {
      return new BorrowError(body.error, { rule: body.rule as BorrowRule, cache, key: target, layer: layerName });
    }
    if (status === 503 && typeof body?.operation === "string") {
      const cause = new Error(`layer '${layerName}' answered 503: its store failed`);
      return new StoreError({ layer: layerName, store: "remote", cache, key: target, operation: body.operation, cause });
    }
    if (status === 504 && typeof body?.timeoutMs === "number") return new LoadTimeoutError(target, cache, layerName, body.timeoutMs);
    if (status === 404 && action === "stream" && state === "miss") return new ChunkedValueError("missing", target);
    // A 5xx says the owner is there but cannot answer now: the cause marks it as worth trying again.
    const cause = status >= 500 ? new Error(`layer '${layerName}' answered HTTP ${status}`) : undefined;
    return new BorrowError(remoteRefusedMessage(action, target, cache, layerName, String(status)), {
      rule: "route-to-owner",
      cache,
      key: target,
      layer: layerName,
      cause,
    });
  };
  const refused = async (response: Response, action: string, target: string, cache: string): Promise<Error> =>
    refusal(response.status, await response.text().catch(() => ""), action, target, cache, response.headers.get(Header.cache));

  /** One request with a deadline; network failures and timeouts become `BorrowError`. */
  const request = async (
    action: string,
    target: string,
    cache: string,
    input: string | URL,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<{ response: Response; timer: Deadline }> => {
    const timer = deadlines.start();
    try {
      const sent = init.headers ? { ...requestHeaders(), ...init.headers } : requestHeaders();
      const response = await doFetch(input, { ...init, headers: sent, signal: timer.signal });
      return { response, timer };
    } catch (cause) {
      timer.clear();
      throw unreachable(action, target, cache, cause);
    }
  };

  const follower = new EventFollower({
    url: new URL("events", base),
    fetch: doFetch,
    headers,
    connectTimeout: timeout,
    reconnect: options.reconnect ?? { min: 250, max: 5000 },
  });

  return {
    layerName,
    url: base.href,

    async read(cache: string, key: string): Promise<RouteRead> {
      const deadline = deadlines.start();
      let answer: TextAnswer;
      try {
        answer = await getText(readHref(cache, key, false), requestHeaders(), deadline);
      } catch (cause) {
        throw unreachable("read", key, cache, cause);
      } finally {
        deadline.clear();
      }
      const answeredBy = answer.header(Header.layer) ?? layerName;
      const storedAt = numberHeader(answer, Header.storedAt);
      const expiresAt = numberHeader(answer, Header.expiresAt);
      const state = answer.header(Header.cache);
      if (answer.status === 404 && state === "miss") return { hit: false, value: undefined, stale: false, storedAt, expiresAt, layer: answeredBy };
      if (answer.status !== 200) throw refusal(answer.status, answer.text, "read", key, cache);
      let value: unknown;
      try {
        value = deserialize(answer.text);
      } catch (error) {
        throw unreachable("read", key, cache, error);
      }
      return { hit: state !== "miss", value, stale: state === "stale", storedAt, expiresAt, layer: answeredBy };
    },

    async *stream(cache: string, key: string): AsyncIterable<Uint8Array> {
      const { response, timer } = await request("stream", key, cache, readHref(cache, key, true));
      try {
        if (response.status !== 200 || !response.body) throw await refused(response, "stream", key, cache);
        // The deadline now bounds the wait for each chunk, not the whole stream.
        for await (const chunk of decodeFrames(response.body)) {
          timer.clear();
          yield chunk;
          timer.restart();
        }
      } catch (error) {
        throw isAnswer(error) ? error : unreachable("stream", key, cache, error);
      } finally {
        timer.clear();
      }
    },

    async invalidate(cache: string, target: string, isPattern: boolean, mode?: InvalidationMode): Promise<void> {
      // `mode` only when given: an owner that predates soft invalidation still reads the body it knows.
      const body = JSON.stringify(mode === undefined ? { cache, target, isPattern } : { cache, target, isPattern, mode });
      const { response, timer } = await request("invalidate", target, cache, new URL(INVALIDATE_PATH.slice(1), base), {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json" },
      });
      try {
        if (response.status !== 204 && response.status !== 200) throw await refused(response, "invalidate", target, cache);
        await response.body?.cancel();
      } catch (error) {
        throw isAnswer(error) ? error : unreachable("invalidate", target, cache, error);
      } finally {
        timer.clear();
      }
    },

    onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
      return follower.add(listener);
    },

    subscribed: () => follower.connected(),
    close: () => {
      follower.close();
      transport?.close();
    },
  };
}

/** An error the owner answered with (re-raised as is), as opposed to a network failure. */
function isAnswer(error: unknown): boolean {
  return error instanceof BorrowError || error instanceof StoreError || error instanceof LoadTimeoutError || error instanceof ChunkedValueError;
}

function numberHeader(answer: TextAnswer, name: string): number | undefined {
  const text = answer.header(name);
  const value = text === null ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
