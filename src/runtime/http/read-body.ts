import type { PlainRequest } from "./plain.js";

/**
 * A request body over the size limit; `serveLayer` answers it with 413.
 *
 * @example
 * const status = (error: unknown) => (error instanceof BodyTooLargeError ? 413 : 500)
 */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * A request body that ended before its end (the client went away) or is not UTF-8; `serveLayer` answers 400.
 *
 * @example
 * const status = (error: unknown) => (error instanceof BodyCutError ? 400 : 500)
 */
export class BodyCutError extends Error {
  override readonly name = "BodyCutError";
  constructor(what: string, options?: ErrorOptions) {
    super(what, options);
  }
}

/**
 * Reads a request body as text, refusing it as soon as it passes `limit` bytes: a declared
 * `Content-Length` over the limit is refused unread, and a chunked body is cut off while streaming,
 * so a huge upload costs at most `limit` bytes of memory.
 *
 * @example
 * declare const request: Request
 * const text = await readBodyText(request, 16_384)
 * @throws BodyTooLargeError past `limit`; BodyCutError for a body cut short or not UTF-8
 */
export async function readBodyText(request: PlainRequest, limit: number): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (cause) {
      throw new BodyCutError("request body cut short", { cause });
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    parts.push(next.value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  // fatal: a body that is not UTF-8 is bad input, not text with replacement characters.
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new BodyCutError("request body is not UTF-8", { cause });
  }
}
