import type { PlainRequest } from "./plain.js";

/** Which browser origins may call a served layer from another origin. */
export interface CorsOptions {
  /** Allowed origins, exactly as browsers send them (`http://127.0.0.1:5173`). */
  readonly origins: readonly string[];
  /** Request headers the page may send besides `Content-Type` and `Authorization`. @default [] */
  readonly headers?: readonly string[] | undefined;
}

/**
 * The CORS headers for a request, or none when its origin is not allowed (the browser then refuses to
 * show the answer to the page: deny by default, like `expose`).
 *
 * @example
 * corsHeaders(request, { origins: ["http://127.0.0.1:5173"] }) //=> { "Access-Control-Allow-Origin": "http://127.0.0.1:5173", … }
 */
export function corsHeaders(request: PlainRequest, cors: CorsOptions | undefined): Record<string, string> {
  const origin = request.headers.get("Origin");
  if (!cors || origin === null || !cors.origins.includes(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": ["Content-Type", "Authorization", ...(cors.headers ?? [])].join(", "),
    "Access-Control-Expose-Headers": "X-Cache, Age, X-Borrowcache-Layer, X-Borrowcache-Stored-At, X-Borrowcache-Expires-At",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
