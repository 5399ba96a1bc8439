import type { PlainRequest } from "./plain.js";

/** Which browser origins may call a served layer from another origin. */
export interface CorsOptions {
  /** Allowed origins, exactly as browsers send them (`http://127.0.0.1:5173`). */
  readonly origins: readonly string[];
  /** Request headers the page may send besides `Content-Type` and `Authorization`. @default [] */
  readonly headers?: readonly string[] | undefined;
}

/**
 * The CORS headers for a request, or only `Vary: Origin` when its origin is not allowed (the browser then
 * refuses to show the answer to the page: deny by default, like `expose`).
 *
 * @example
 * declare const request: Request
 * corsHeaders(request, { origins: ["http://127.0.0.1:5173"] }) //=> { "Access-Control-Allow-Origin": "http://127.0.0.1:5173", … }
 */
export function corsHeaders(request: PlainRequest, cors: CorsOptions | undefined): Record<string, string> {
  if (!cors) return {};
  const origin = request.headers.get("Origin");
  // The answer depends on Origin whether or not this one is allowed: an HTTP cache must not hand an
  // answer made for one origin to another (Fetch standard, "CORS protocol and HTTP caches").
  if (origin === null || !cors.origins.includes(origin)) return { Vary: "Origin" };
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": ["Content-Type", "Authorization", "If-None-Match", ...(cors.headers ?? [])].join(", "),
    "Access-Control-Expose-Headers": "X-Cache, Age, X-Borrowcache-Layer, X-Borrowcache-Stored-At, X-Borrowcache-Expires-At, ETag, Cache-Status",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
