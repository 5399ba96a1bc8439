import { BorrowError, LoadTimeoutError, StoreError } from "../errors.js";
import { ChunkedFailure, ChunkedValueError } from "../streaming/index.js";
import type { PlainResponse } from "./plain.js";
import { Header } from "./protocol.js";

/** Headers every answer of `serveLayer` carries: nothing it says may be kept by a shared cache. */
const BASE_HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

/**
 * A JSON error answer `{ error, rule? }`.
 *
 * @example
 * errorResponse(404, "not found") // 404 {"error":"not found"}
 */
export function errorResponse(
  status: number,
  error: string,
  rule?: string,
  headers: Record<string, string> = {},
  details?: Record<string, string | number>,
): PlainResponse {
  const body = JSON.stringify({ error, ...(rule === undefined ? {} : { rule }), ...details });
  return { status, body, headers: { ...BASE_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers } };
}

/** A `404 not found`, the same bytes for a missing key, an unexposed cache and an unknown route. @example notFound() */
export function notFound(headers: Record<string, string> = {}): PlainResponse {
  return errorResponse(404, "not found", undefined, headers);
}

/**
 * The answer for an error thrown while serving: a rule broken by the request is a 400 naming it, a
 * store that failed a 503 (with the failed operation, so the borrower can raise the same `StoreError`
 * an in-process borrower gets), a load past its `hardTimeout` a 504 (with the bound), a streamed value
 * that is not there a 404 miss, anything else a 500 that says nothing of the internals.
 *
 * @example
 * const answer = (error: unknown) => responseForError(error) // a StoreError → 503, a LoadTimeoutError → 504, …
 */
export function responseForError(error: unknown): PlainResponse {
  if (error instanceof StoreError) return errorResponse(503, "store unavailable", undefined, {}, { operation: error.operation });
  if (error instanceof LoadTimeoutError) return errorResponse(504, "load timed out", undefined, {}, { timeoutMs: error.timeoutMs });
  if (error instanceof ChunkedValueError && error.reason === ChunkedFailure.missing)
    return errorResponse(404, "not found", undefined, { [Header.cache]: "miss" });
  if (error instanceof BorrowError) {
    return error.rule === "route-to-owner" ? errorResponse(502, "owner unreachable", error.rule) : errorResponse(400, error.message, error.rule);
  }
  return errorResponse(500, "internal error");
}

/**
 * A fresh copy of the headers every answer carries, for a hot path that adds its own to it in place.
 *
 * @example
 * const headers = baseHeaders(); headers["Content-Type"] = "text/plain"
 */
export function baseHeaders(): Record<string, string> {
  return { ...BASE_HEADERS };
}

/**
 * A `200`/`204` answer with the base headers.
 *
 * @example
 * okResponse("hello", { "Content-Type": "text/plain" })
 */
export function okResponse(body: PlainResponse["body"], headers: Record<string, string>, status = 200): PlainResponse {
  return { status, body, headers: { ...BASE_HEADERS, ...headers } };
}

/**
 * Adds `names` to an answer's `Vary` (RFC 9110 §12.5.5), keeping what is there.
 *
 * @example
 * withVary({ Vary: "Authorization" }, "Origin") //=> { Vary: "Authorization, Origin" }
 */
export function withVary(headers: Record<string, string>, names: string): Record<string, string> {
  const present = headers.Vary;
  headers.Vary = present ? `${present}, ${names}` : names;
  return headers;
}
