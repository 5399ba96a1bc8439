/**
 * The request and answer `serveLayer` works on inside: just what it reads and writes, so that a server
 * can call it without building Web `Request`/`Response` objects. On Node those cost more CPU than the
 * whole borrowed read (undici builds streams, signals and header lists for each), so the Node adapter
 * calls `handler[plainHandler]` directly; runtimes whose native types are Web ones (workers, Deno, Bun,
 * browsers) call the handler itself, which converts at the edges.
 */

/** What of a request `serveLayer` and `authorize` read. A Web `Request` is one. */
export interface PlainRequest {
  readonly method: string;
  /** The absolute URL. */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  /** The body, for `POST /invalidate`; read at most once. */
  readonly body: ReadableStream<Uint8Array> | null;
  /** Aborted when the client goes away (ends event feeds). */
  readonly signal?: AbortSignal | undefined;
}

/** An answer before it becomes a `Response`. */
export interface PlainResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** A whole value (string or bytes), a stream (event feeds, framed values), or nothing. */
  readonly body: string | Uint8Array | ReadableStream<Uint8Array> | null;
}

/** The plain handler behind a `serveLayer` handler, under this key. */
export const plainHandler: unique symbol = Symbol.for("borrowcache.plainHandler");

/**
 * The Web `Response` for a plain answer.
 *
 * @example
 * toResponse({ status: 204, headers: {}, body: null }).status //=> 204
 */
export function toResponse(plain: PlainResponse): Response {
  return new Response(plain.body as BodyInit | null, { status: plain.status, headers: plain.headers });
}
