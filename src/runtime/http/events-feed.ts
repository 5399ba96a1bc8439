import type { LayerRoute, RouteInvalidation } from "../contracts/route.js";
import type { ExposedCache } from "./exposed-caches.js";
import { sseComment, sseEvent } from "./sse.js";

/** What the feed needs from `serveLayer`. */
export interface EventsFeedOptions {
  readonly layer: LayerRoute;
  readonly exposed: ReadonlyMap<string, ExposedCache>;
  /** Whether this caller may hear an invalidation of a private cache (it names a user's key). */
  readonly mayHear: (invalidation: RouteInvalidation) => Promise<boolean>;
  readonly heartbeatMs: number;
  readonly signal: AbortSignal | undefined;
  /** Called once when the feed ends, whatever ended it. */
  readonly onClose?: (() => void) | undefined;
}

/**
 * The body of `GET /events`: first a `hello` event (the layer and the patterns of each exposed cache, so
 * a borrower that reconnects knows what to drop), then one `invalidate` event per invalidation of an
 * exposed cache, as `layer.onInvalidate` hears it, and a comment every `heartbeatMs` so idle proxies keep
 * the connection. The subscription ends when the client goes away (`cancel`, or the request's signal).
 *
 * @example
 * declare const layer: EventsFeedOptions["layer"], exposed: EventsFeedOptions["exposed"], mayHear: EventsFeedOptions["mayHear"]
 * declare const request: Request, headers: Headers
 * new Response(eventsFeed({ layer, exposed, mayHear, heartbeatMs: 15_000, signal: request.signal }), { headers })
 */
export function eventsFeed(options: EventsFeedOptions): ReadableStream<Uint8Array> {
  const { layer, exposed, mayHear, heartbeatMs, signal, onClose } = options;
  let stop = (): void => undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let sequence = 0;
      const send = (bytes: Uint8Array): void => {
        if (closed) return;
        try {
          controller.enqueue(bytes);
        } catch {
          stop();
        }
      };
      const hello = { layer: layer.layerName, caches: Object.fromEntries([...exposed.values()].map((c) => [c.name, c.owns])) };
      send(sseEvent("hello", JSON.stringify(hello)));
      const unsubscribe = layer.onInvalidate((invalidation) => {
        const cache = exposed.get(invalidation.cache);
        if (!cache) return;
        const heard = { cache: invalidation.cache, target: invalidation.target, isPattern: invalidation.isPattern };
        const data = JSON.stringify(invalidation.mode === "expire" ? { ...heard, mode: "expire" } : heard);
        if (!cache.private) {
          send(sseEvent("invalidate", data, String(++sequence)));
          return;
        }
        mayHear(invalidation).then(
          (allowed) => allowed && send(sseEvent("invalidate", data, String(++sequence))),
          () => undefined,
        );
      });
      const heartbeat = setInterval(() => send(sseComment("ping")), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal?.removeEventListener("abort", stop);
        onClose?.();
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime: nothing left to release.
        }
      };
      signal?.addEventListener("abort", stop);
    },
    cancel() {
      stop();
    },
  });
}
