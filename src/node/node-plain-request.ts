import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { PlainRequest } from "../runtime/http/plain.js";
import { headerValue } from "./header-value.js";

/**
 * A `PlainRequest` read from Node's request in place. A class, not an object literal with getters:
 * its accessors live once on the prototype instead of being made for every request.
 *
 * @example
 * import type { IncomingMessage, ServerResponse } from "node:http";
 * declare const req: IncomingMessage, res: ServerResponse;
 * const request = new NodePlainRequest(req, res, "http://127.0.0.1:8787/c/product_cache?key=products%3A1");
 */
export class NodePlainRequest implements PlainRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  #body: ReadableStream<Uint8Array> | null | undefined;
  #abort: AbortController | undefined;

  /** `url` is the absolute URL the adapter built from its own origin and the request line. */
  constructor(req: IncomingMessage, res: ServerResponse, url: string) {
    this.#req = req;
    this.#res = res;
    this.method = req.method ?? "GET";
    this.url = url;
    this.headers = new NodeHeaders(req);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#body === undefined) {
      if (this.method === "GET" || this.method === "HEAD") this.#body = null;
      else if (this.#req.readableEnded) this.#body = parsedBody(this.#req);
      else this.#body = Readable.toWeb(this.#req) as ReadableStream<Uint8Array>;
    }
    return this.#body;
  }

  get signal(): AbortSignal {
    if (!this.#abort) {
      const abort = new AbortController();
      this.#abort = abort;
      if (this.#res.closed) abort.abort();
      else this.#res.on("close", () => abort.abort());
    }
    return this.#abort.signal;
  }
}

/**
 * The body a framework's body parser already read (Express's `express.json()` before the mount): the
 * stream is spent, so the parsed `req.body` is sent on as bytes again — JSON for a parsed object.
 */
function parsedBody(req: IncomingMessage): ReadableStream<Uint8Array> | null {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (parsed === undefined) return null;
  const bytes =
    parsed instanceof Uint8Array ? parsed
    : typeof parsed === "string" ? new TextEncoder().encode(parsed)
    : new TextEncoder().encode(JSON.stringify(parsed));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** `headers.get` over Node's lower-cased header record, joining repeated headers as `Headers` does. */
class NodeHeaders {
  readonly #req: IncomingMessage;
  constructor(req: IncomingMessage) {
    this.#req = req;
  }
  get(name: string): string | null {
    return headerValue(this.#req.headers, name);
  }
}
