import type { IncomingMessage } from "node:http";

export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The request body was (or announced to be) larger than MAX_REQUEST_BYTES. */
export class TooLarge extends Error {}

/** Past this much, an oversized upload is no longer read to its end: the connection is dropped. */
export const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * The body as text, or TooLarge once it has been read to its end. An oversized body is still read (and
 * thrown away, up to MAX_DRAINED_BYTES): answering 413 and closing while the client is still sending makes
 * its next write fail with EPIPE, and the client never sees the answer.
 */
export async function readBody(request: IncomingMessage): Promise<string | TooLarge | undefined> {
  let tooLarge = Number(request.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) tooLarge = true;
    if (size > MAX_DRAINED_BYTES) break; // leaving the loop destroys the request: enough was read
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  if (tooLarge) return new TooLarge();
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

/** JSON bodies are parsed (a SyntaxError is kept, to answer invalid_json); forms stay text. */
export function parseBody(request: IncomingMessage, raw: string): unknown {
  if ((request.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) return raw;
  try {
    return JSON.parse(raw);
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error));
  }
}
