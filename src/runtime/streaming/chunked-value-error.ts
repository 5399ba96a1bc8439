/**
 * Why a chunked value could not be read or written.
 *
 * @example
 * declare const error: unknown
 * const readAgain = error instanceof ChunkedValueError && error.reason === ChunkedFailure.replaced
 */
export const ChunkedFailure = {
  /** The key holds a value that was not written by `putChunked`. */
  notChunked: "not-chunked",
  /** The key holds nothing. */
  missing: "missing",
  /** A chunk is gone although its header is current (evicted, or deleted behind the header's back). */
  chunkLost: "chunk-lost",
  /** The value was replaced or deleted while it was being streamed out. */
  replaced: "replaced",
  /** `chunkSize` is not a positive integer, or a source yielded something that is not bytes. */
  badInput: "bad-input",
  /** The source yielded more than `maxBytes`. */
  tooLarge: "too-large",
} as const;
/** Why a chunked value could not be read or written. */
export type ChunkedFailure = (typeof ChunkedFailure)[keyof typeof ChunkedFailure];

const explain = {
  "not-chunked": (key: string) => `✗ '${key}' holds a value that was not stored in chunks — write it with putStream(key, source)`,
  missing: (key: string) => `✗ '${key}' holds no streamed value — store it with putStream(key, source) first`,
  "chunk-lost": (key: string, detail: string) => `✗ chunk ${detail} of '${key}' is missing while its header is current — store the value again with putStream`,
  replaced: (key: string, detail: string) => `✗ '${key}' was replaced or deleted while streaming (chunk ${detail}) — stream it again`,
  "bad-input": (key: string, detail: string) => `✗ cannot stream '${key}': ${detail} — pass bytes (Uint8Array) and a positive integer chunkSize`,
  "too-large": (key: string, detail: string) => `✗ streamed value of '${key}' ${detail} — store a smaller value or raise maxSize`,
} satisfies Record<ChunkedFailure, (key: string, detail: string) => string>;

/**
 * A streamed value that cannot be read or written as chunks. `reason` says why, `key` which value;
 * a layer wraps it with its own layer and store names.
 *
 * @example
 * import { readChunked } from "./read-chunked.js"
 * declare const partition: StorePartition
 * declare function send(chunk: Uint8Array): void
 * try { for await (const chunk of readChunked(partition, "video:1")) send(chunk) }
 * catch (e) { if (e instanceof ChunkedValueError && e.reason === "replaced") console.log("the value changed mid-stream: send it again") }
 */
export class ChunkedValueError extends Error {
  static readonly code = "E_CHUNKED";
  override readonly name = "ChunkedValueError";
  readonly reason: ChunkedFailure;
  readonly key: string;

  constructor(reason: ChunkedFailure, key: string, detail = "", options?: { cause?: unknown }) {
    super(explain[reason](key, detail), options);
    this.reason = reason;
    this.key = key;
  }
}
