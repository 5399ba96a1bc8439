// Bytes travel as base64 inside JSON. Node has Buffer (fast, native); browsers, Deno and workerd have
// btoa/atob, which work on "binary strings", so we convert in chunks to keep the argument list short.

const CHUNK = 0x8000;

interface NodeBuffer {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
  from(data: string, encoding: "base64"): Uint8Array;
}
const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/**
 * Encodes bytes as standard base64 (with padding).
 *
 * @example
 * bytesToBase64(new Uint8Array([1, 2, 3])) //=> "AQID"
 */
export function bytesToBase64(bytes: Uint8Array): string {
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes standard base64 into a fresh `Uint8Array` (never a Node `Buffer`, so a round trip keeps the type).
 *
 * @example
 * base64ToBytes("AQID") //=> Uint8Array [1, 2, 3]
 */
export function base64ToBytes(text: string): Uint8Array {
  if (nodeBuffer) {
    const buffer = nodeBuffer.from(text, "base64");
    return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
