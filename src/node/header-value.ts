import type { IncomingHttpHeaders } from "node:http";

/**
 * One header from Node's lower-cased header record, as `Headers.get` gives it: `null` when absent,
 * repeated values joined with `", "`.
 *
 * @example
 * declare const req: import("node:http").IncomingMessage
 * headerValue(req.headers, "Authorization") //=> "Bearer t"
 */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return (
    value === undefined ? null
    : Array.isArray(value) ? value.join(", ")
    : value
  );
}
