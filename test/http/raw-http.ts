// A raw HTTP/1.1 client over `net`, for requests that fetch and node:http would normalise or refuse to
// send (a Host carrying a path, an absolute-form or `*` target, repeated or malformed headers, a body
// cut short). It reads one response back: its status, headers and body bytes, undoing chunked framing;
// an event feed is read up to its first event and dropped.
import { connect, type Socket } from "node:net";

/** One response as read off the socket; `status` 0 when the server closed without answering. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  /** The body as latin1 text (bytes one-to-one), and the whole answer as received, for leak checks. */
  readonly body: string;
  readonly raw: string;
  /** The server said it closes the connection, or did. */
  readonly closed: boolean;
}

/** How a request is sent. */
export interface RawOptions {
  /** Bytes written, then the client half-closes (a body cut short): the server may never answer. */
  readonly cutAfter?: number | undefined;
  /** Give up after this long (a hang is a finding). @default 5000 */
  readonly timeoutMs?: number | undefined;
  readonly method?: string | undefined;
}

/**
 * A persistent connection to `port` on loopback that sends raw requests one at a time and parses each
 * answer; reconnects when the server closed it.
 *
 * @example
 * const client = new RawClient(port);
 * const answer = await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
 */
export class RawClient {
  #socket: Socket | undefined;
  #open = false;

  constructor(readonly port: number) {}

  /** Sends `request` (fresh: on a connection of its own, closed afterwards) and reads one answer. */
  async send(request: string | Buffer, options: RawOptions & { fresh?: boolean } = {}): Promise<RawAnswer> {
    const fresh = options.fresh === true || options.cutAfter !== undefined;
    const reused = !fresh && this.#socket !== undefined && this.#open;
    const socket = fresh ? await this.#connect(false) : await this.#reuse();
    try {
      const answer = await exchange(socket, typeof request === "string" ? Buffer.from(request, "latin1") : request, options);
      if (fresh || answer.closed || answer.status === 0 || isFeed(answer)) this.#drop(socket);
      // A kept-alive connection the server closed just before this request: send it again on a new one.
      if (reused && answer.status === 0 && answer.raw === "") return this.send(request, options);
      return answer;
    } catch (error) {
      this.#drop(socket);
      throw error;
    }
  }

  close(): void {
    if (this.#socket) this.#drop(this.#socket);
  }

  async #reuse(): Promise<Socket> {
    if (this.#socket && this.#open) return this.#socket;
    return this.#connect(true);
  }

  #connect(keep: boolean): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, "127.0.0.1");
      socket.setNoDelay(true);
      socket.once("connect", () => {
        if (keep) {
          this.#socket = socket;
          this.#open = true;
          socket.once("close", () => {
            if (this.#socket === socket) this.#open = false;
          });
        }
        resolve(socket);
      });
      socket.once("error", reject);
    });
  }

  #drop(socket: Socket): void {
    socket.destroy();
    if (this.#socket === socket) {
      this.#socket = undefined;
      this.#open = false;
    }
  }
}

function isFeed(answer: RawAnswer): boolean {
  return (answer.headers.get("content-type") ?? "").startsWith("text/event-stream");
}

function exchange(socket: Socket, bytes: Buffer, options: RawOptions): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (answer: RawAnswer | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
      if (answer instanceof Error) reject(answer);
      else resolve(answer);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const answer = parse(received, options.method, false);
      if (answer) finish(answer);
    };
    const onClose = (): void =>
      finish(parse(received, options.method, true) ?? { status: 0, headers: new Map(), body: "", raw: received.toString("latin1"), closed: true });
    // A reset after the server answered and closed is an ordinary end here.
    const onError = (): void => undefined;
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${options.timeoutMs ?? 5000}ms to ${JSON.stringify(bytes.subarray(0, 120).toString("latin1"))}`)),
      options.timeoutMs ?? 5000,
    );
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onError);
    if (options.cutAfter !== undefined) {
      socket.end(bytes.subarray(0, options.cutAfter));
    } else {
      socket.write(bytes);
    }
  });
}

/** One whole answer at the start of `data` (interim 1xx answers skipped), or `undefined` while incomplete. */
function parse(data: Buffer, method: string | undefined, ended: boolean): RawAnswer | undefined {
  let start = 0;
  for (;;) {
    const headEnd = data.indexOf("\r\n\r\n", start);
    if (headEnd < 0) return ended && data.length > 0 ? broken(data) : undefined;
    const head = data.subarray(start, headEnd).toString("latin1");
    const lines = head.split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "")?.[1] ?? 0);
    if (status === 0) return ended ? broken(data) : undefined;
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const bodyStart = headEnd + 4;
    if (status >= 100 && status < 200) {
      start = bodyStart;
      continue;
    }
    const raw = data.toString("latin1");
    const closed = ended || /close/i.test(headers.get("connection") ?? "");
    const done = (body: Buffer): RawAnswer => ({ status, headers, body: body.toString("latin1"), raw, closed });
    if (method === "HEAD" || status === 204 || status === 304) return done(Buffer.alloc(0));
    const rest = data.subarray(bodyStart);
    if ((headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      // A feed never ends: read up to its first event, then the caller drops it.
      const body = /chunked/i.test(headers.get("transfer-encoding") ?? "") ? (dechunk(rest, true)?.body ?? rest) : rest;
      return body.includes("\n\n") || ended ? done(body) : undefined;
    }
    if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
      const whole = dechunk(rest, false);
      if (whole) return done(whole.body);
      return ended ? done(rest) : undefined;
    }
    const length = headers.get("content-length");
    if (length !== undefined) {
      const n = Number(length);
      if (rest.length >= n) return done(rest.subarray(0, n));
      return ended ? done(rest) : undefined;
    }
    return ended ? done(rest) : undefined;
  }
}

/** The body of a chunked message, once its last chunk arrived (or as far as it goes, with `partial`). */
function dechunk(data: Buffer, partial: boolean): { body: Buffer } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return partial ? { body: Buffer.concat(parts) } : undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!Number.isFinite(size)) return { body: Buffer.concat(parts) };
    if (size === 0) return { body: Buffer.concat(parts) };
    if (data.length < lineEnd + 2 + size + 2) return partial ? { body: Buffer.concat([...parts, data.subarray(lineEnd + 2)]) } : undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

function broken(data: Buffer): RawAnswer {
  return { status: 0, headers: new Map(), body: "", raw: data.toString("latin1"), closed: true };
}
