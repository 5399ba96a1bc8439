import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { plainHandler, type PlainRequest, type PlainResponse } from "../runtime/http/plain.js";
import { FRAMES_TYPE } from "../runtime/http/protocol.js";
import { errorResponse } from "../runtime/http/responses.js";
import { NodePlainRequest } from "./node-plain-request.js";

/** A Web-standard handler, as `serveLayer` returns (which also carries a plain form the adapter prefers). */
export type WebHandler = ((request: Request) => Promise<Response> | Response) & {
  readonly [plainHandler]?: (request: PlainRequest) => Promise<PlainResponse>;
};

/**
 * Answers one Node request with a Web handler, `url` being the absolute URL the adapter built (its own
 * origin, the request line's path and query). A `serveLayer` handler is called in its plain form (no
 * Web `Request`/`Response`: they cost more CPU than the read itself on Node); any other handler gets a
 * `Request` (body streamed, `signal` aborted when the client goes away). A streamed answer (event feed,
 * framed value) is written chunk by chunk with backpressure, headers flushed first so a feed starts at
 * once; a whole one in one write. `onFail` hears a handler or adapter failure (never a request's own fault).
 *
 * @example
 * import { createServer } from "node:http";
 * declare const handler: WebHandler;
 * createServer((req, res) => void answerNode(handler, req, res, `http://127.0.0.1:8787${req.url ?? "/"}`, () => res.destroy()));
 */
export function answerNode(handler: WebHandler, req: IncomingMessage, res: ServerResponse, url: string, onFail: (error: unknown) => void): Promise<void> {
  const plain = handler[plainHandler];
  return plain ? answerPlain(plain, req, res, url, onFail) : answerWeb(handler, req, res, url, onFail);
}

/**
 * Writes a plain answer (a `serveLayer` one, or one the adapter made: a 400 for a malformed request).
 *
 * @example
 * import type { ServerResponse } from "node:http";
 * declare const res: ServerResponse;
 * await writePlain(res, { status: 400, headers: { "Content-Type": "application/json" }, body: '{"error":"malformed Host header"}' });
 */
export async function writePlain(res: ServerResponse, response: PlainResponse): Promise<void> {
  const out = response.body;
  if (out === null) {
    res.writeHead(response.status, response.headers).end();
    return;
  }
  if (typeof out === "string" || out instanceof Uint8Array) {
    // A string goes to `end` as is (no copy into a Buffer), and Content-Length is added to the answer's
    // own header object (made for this answer alone) rather than to a copy of it.
    response.headers["Content-Length"] = String(typeof out === "string" ? Buffer.byteLength(out) : out.byteLength);
    res.writeHead(response.status, response.headers).end(out);
    return;
  }
  res.writeHead(response.status, response.headers);
  res.flushHeaders();
  const reader = out.getReader();
  res.on("close", () => void reader.cancel().catch(() => undefined));
  await pipeBody(reader, res);
}

async function answerPlain(
  plain: (request: PlainRequest) => Promise<PlainResponse>,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  onFail: (error: unknown) => void,
): Promise<void> {
  try {
    await writePlain(res, await plain(new NodePlainRequest(req, res, url)));
  } catch (error) {
    onFail(error);
  }
}

async function answerWeb(handler: WebHandler, req: IncomingMessage, res: ServerResponse, url: string, onFail: (error: unknown) => void): Promise<void> {
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  let request: Request;
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    request = new Request(url, {
      method: req.method ?? "GET",
      headers,
      signal: abort.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    });
  } catch {
    // What a Web Request cannot carry (a method such as TRACE, a header value undici refuses) is the
    // request's fault, not the handler's.
    await writePlain(res, errorResponse(400, "request cannot be represented as a Web Request")).catch(onFail);
    return;
  }
  try {
    const response = await handler(request);
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) outHeaders["set-cookie"] = setCookies;
    if (!response.body) {
      res.writeHead(response.status, outHeaders).end();
      return;
    }
    const type = response.headers.get("Content-Type") ?? "";
    if (!type.startsWith("text/event-stream") && !type.startsWith(FRAMES_TYPE)) {
      // A whole value: one write with a Content-Length is far cheaper than pumping a stream reader.
      const body = Buffer.from(await response.arrayBuffer());
      outHeaders["content-length"] = String(body.byteLength);
      res.writeHead(response.status, outHeaders).end(body);
      return;
    }
    res.writeHead(response.status, outHeaders);
    res.flushHeaders();
    const reader = response.body.getReader();
    abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
    await pipeBody(reader, res);
  } catch (error) {
    onFail(error);
  }
}

/**
 * Writes a streamed body chunk by chunk, waiting for `drain` when the socket is full, then ends the
 * answer. A client that goes away while the socket is full ends the wait too (no `drain` will come):
 * the reader is cancelled on `close`, so the next read is the last.
 */
async function pipeBody(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse): Promise<void> {
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    if (!res.write(next.value) && !res.closed) await drainedOrClosed(res);
  }
  res.end();
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
