import type { LayerRoute, RouteInvalidation, RouteRead } from "../route.js";
import type { BorrowRule } from "../../types/messages/rules.js";
import { BorrowError } from "../errors.js";
import { deserialize } from "../serialize/index.js";
import { remoteRefusedMessage, remoteUnreachableMessage } from "../messages/http.js";
import { decodeFrames } from "./stream-frames.js";
import { EventFollower } from "./event-follower.js";
import { DeadlineList, type Deadline } from "./deadlines.js";
import { Header, INVALIDATE_PATH, readUrl } from "./protocol.js";

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
 * `remotes`. Reads are one `GET` each (never kept here: one copy of each value, at its owner), streams
 * yield chunks as they arrive, `invalidate` posts to the owner, and `onInvalidate` follows the owner's
 * event feed, reconnecting with backoff; after a reconnect it reports each exposed cache's patterns
 * as invalidated, since events may have been missed meanwhile.
 *
 * @example
 * const client = createLayer(app, "client", { store: idbStore("shop"), remotes: { edge: remoteLayer("https://edge.example/", { layer: "edge" }) } })
 * @throws BorrowError (rule `route-to-owner`, with `cause`) when the owner cannot be reached in time or refuses
 */
export function remoteLayer(url: string | URL, options: RemoteLayerOptions = {}): RemoteLayer {
  const base = new URL(url);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const layerName = options.layer ?? "remote";
  const timeout = options.timeout ?? 5000;
  // One timer for the deadlines of all requests in flight, rather than one timer each.
  const deadlines = new DeadlineList(timeout);
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Fixed headers are normalised once; a function is called per request (a token that rotates).
  const fixedHeaders = typeof options.headers === "function" ? undefined : Object.fromEntries(new Headers(options.headers));
  const headerRecord = (): Record<string, string> =>
    fixedHeaders ?? Object.fromEntries(new Headers((options.headers as () => HeadersInit)()));
  const headers = (): Headers => new Headers(headerRecord());

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
    new BorrowError(remoteUnreachableMessage(action, target, cache, layerName, base.href), { rule: "route-to-owner", cache, key: target, layer: layerName, cause });

  /** The error for a refusing answer: the owner's own rule and text for a 400 that names one, else a refusal. */
  const refused = async (response: Response, action: string, target: string, cache: string): Promise<BorrowError> => {
    const body = (await response.json().catch(() => ({}))) as { error?: unknown; rule?: unknown };
    if (response.status === 400 && typeof body.rule === "string" && typeof body.error === "string") {
      return new BorrowError(body.error, { rule: body.rule as BorrowRule, cache, key: target, layer: layerName });
    }
    return new BorrowError(remoteRefusedMessage(action, target, cache, layerName, String(response.status)), { rule: "route-to-owner", cache, key: target, layer: layerName });
  };

  /** One request with a deadline; network failures and timeouts become `BorrowError`. */
  const request = async (action: string, target: string, cache: string, input: string | URL, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<{ response: Response; timer: Deadline }> => {
    const timer = deadlines.start();
    try {
      const sent = init.headers ? { ...headerRecord(), ...init.headers } : headerRecord();
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
      const { response, timer } = await request("read", key, cache, readHref(cache, key, false));
      try {
        const answeredBy = response.headers.get(Header.layer) ?? layerName;
        const storedAt = numberHeader(response, Header.storedAt);
        const expiresAt = numberHeader(response, Header.expiresAt);
        if (response.status === 404 && response.headers.get(Header.cache) === "miss") {
          await response.body?.cancel();
          return { hit: false, value: undefined, stale: false, storedAt, expiresAt, layer: answeredBy };
        }
        if (response.status !== 200) throw await refused(response, "read", key, cache);
        const value = deserialize(await response.text());
        const state = response.headers.get(Header.cache);
        return { hit: state !== "miss", value, stale: state === "stale", storedAt, expiresAt, layer: answeredBy };
      } catch (error) {
        throw error instanceof BorrowError ? error : unreachable("read", key, cache, error);
      } finally {
        timer.clear();
      }
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
        throw error instanceof BorrowError ? error : unreachable("stream", key, cache, error);
      } finally {
        timer.clear();
      }
    },

    async invalidate(cache: string, target: string, isPattern: boolean): Promise<void> {
      const body = JSON.stringify({ cache, target, isPattern });
      const { response, timer } = await request("invalidate", target, cache, new URL(INVALIDATE_PATH.slice(1), base), {
        method: "POST",
        body,
        headers: { "Content-Type": "application/json" },
      });
      try {
        if (response.status !== 204 && response.status !== 200) throw await refused(response, "invalidate", target, cache);
        await response.body?.cancel();
      } catch (error) {
        throw error instanceof BorrowError ? error : unreachable("invalidate", target, cache, error);
      } finally {
        timer.clear();
      }
    },

    onInvalidate(listener: (invalidation: RouteInvalidation) => void): () => void {
      return follower.add(listener);
    },

    subscribed: () => follower.connected(),
    close: () => follower.close(),
  };
}

function numberHeader(response: Response, name: string): number | undefined {
  const text = response.headers.get(name);
  const value = text === null ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}
