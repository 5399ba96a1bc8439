import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { fetchGetText, type GetText, type TextAnswer } from "../runtime/http/get-text.js";
import type { ReadTransport } from "../runtime/http/remote-layer.js";
import { ownerFetch } from "../runtime/http/owner-fetch.js";
import { headerValue } from "./header-value.js";

/**
 * Reads over Node's own `http`/`https` clients with keep-alive connections: a borrowed read then costs
 * about a third of the CPU of undici's `fetch`, whose per-request streams, header lists and abort
 * signal bookkeeping cost more than the read itself. Behaves like the `fetch` reads it replaces: a
 * deadline cuts the request (the socket is destroyed, never left waiting), no HTTP cache on the way
 * answers in the owner's place (`Cache-Control: no-cache`), a body cut short is an error, a kept-alive
 * connection found closed is retried once, and a redirect is followed by handing that one read to
 * `fetch`. Idle connections do not keep the process alive; `close()` ends them.
 *
 * @example
 * import { createRemoteLayer } from "../runtime/http/remote-layer.js"
 * const remote = createRemoteLayer(url, { layer: "edge" }, nodeReadTransport())
 */
export function nodeReadTransport(fallback: typeof fetch = (input, init) => globalThis.fetch(input, init)): ReadTransport {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const viaFetch = fetchGetText(ownerFetch(fallback));
  const getText: GetText = (href, headers, deadline) =>
    new Promise<TextAnswer>((resolve, reject) => {
      const send = (retry: boolean): void => {
        const secure = href.startsWith("https:");
        // As `fetch` with `cache: "no-store"` asks (owner-fetch.ts): a cache on the way revalidates with the owner.
        const sent = { ...headers, "cache-control": "no-cache" };
        const request = (secure ? httpsRequest : httpRequest)(href, { agent: secure ? agents.https : agents.http, headers: sent }, (response) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400 && response.headers.location !== undefined) {
            response.resume();
            viaFetch(href, headers, deadline).then(resolve, reject);
            return;
          }
          readText(response).then((text) => resolve({ status, header: (name) => headerValue(response.headers, name), text }), reject);
        });
        deadline.onExpire((reason) => request.destroy(reason));
        request.on("error", (error: NodeJS.ErrnoException) => {
          // A kept-alive connection the server closed just as it was reused: Node's documented remedy is
          // to send the (idempotent) GET again, once, on a new connection.
          if (retry && request.reusedSocket && error.code === "ECONNRESET") send(false);
          else reject(error);
        });
        request.end();
      };
      send(true);
    });
  return {
    getText,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

// The whole body as UTF-8 text; a connection cut before the end is an error, not a shorter text.
function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (piece: string) => (text += piece));
    response.on("error", reject);
    response.on("end", () => (response.complete ? resolve(text) : reject(new Error("the answer was cut before its end"))));
  });
}
