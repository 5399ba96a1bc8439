import type { Deadline } from "./deadlines.js";

/**
 * A read's whole answer: what `remoteLayer.read` needs of an HTTP response.
 *
 * @example
 * const answer: TextAnswer = { status: 200, header: () => null, text: '{"name":"lamp"}' }
 */
export interface TextAnswer {
  readonly status: number;
  /** A response header by name (any case), or `null`. */
  header(name: string): string | null;
  /** The body as text. */
  readonly text: string;
}

/**
 * Sends a `GET` and reads its whole answer as text, cut when `deadline` passes; rejects on a network
 * failure or a timeout (the cause is the transport's own error).
 *
 * @example
 * declare const getText: GetText, token: string, deadline: import("./deadlines.js").Deadline
 * const answer = await getText("http://127.0.0.1:8787/c/product_cache?key=products%3A1", { Authorization: token }, deadline)
 */
export type GetText = (href: string, headers: Record<string, string>, deadline: Deadline) => Promise<TextAnswer>;

/**
 * `GetText` over a `fetch`: what every runtime has (browsers, workers, Node). On Node, `borrowcache`
 * uses a cheaper one over `node:http` (`nodeReadTransport`, `src/node/http-read-transport.ts`).
 *
 * @example
 * const getText = fetchGetText(globalThis.fetch)
 */
export function fetchGetText(doFetch: typeof fetch): GetText {
  return async (href, headers, deadline) => {
    const response = await doFetch(href, { headers, signal: deadline.signal });
    const text = await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), text };
  };
}
