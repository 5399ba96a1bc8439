/**
 * Server-sent events (the `text/event-stream` format of the HTML standard), both ways: `sseEvent`
 * writes one event, `parseSse` reads a byte stream back into events. `remoteLayer` reads the feed with
 * `fetch` rather than `EventSource`, which cannot send the headers `authorize` needs and does not exist
 * in Node 20 or workers.
 */

/** One event of a feed. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | undefined;
}

const encoder = new TextEncoder();

/**
 * One event as bytes. `data` must be one line (JSON is).
 *
 * @example
 * sseEvent("invalidate", '{"cache":"c"}', "7") // "id: 7\nevent: invalidate\ndata: {...}\n\n"
 */
export function sseEvent(event: string, data: string, id?: string): Uint8Array {
  return encoder.encode(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`);
}

/** A comment line, sent to keep idle connections (and proxies) open. @example sseComment("ping") */
export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/**
 * Reads events from a `text/event-stream` body as they arrive; ends when the body ends.
 *
 * @example
 * declare const response: Response & { body: ReadableStream<Uint8Array> }, drop: (invalidation: unknown) => void
 * for await (const e of parseSse(response.body)) if (e.event === "invalidate") drop(JSON.parse(e.data))
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  let event = "message";
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      pending += decoder.decode(next.value, { stream: true });
      let newline: number;
      while ((newline = pending.search(/\r\n|\r|\n/)) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + (pending.startsWith("\r\n", newline) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) yield { event, data: data.join("\n"), id };
          event = "message";
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
        else if (field === "id") id = value;
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}
