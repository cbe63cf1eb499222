import type { IncomingMessage } from "node:http";

export const MAX_REQUEST_BYTES = 1024 * 1024;

/** The request body was (or announced to be) larger than MAX_REQUEST_BYTES. */
export class TooLarge extends Error {}

/** The body as text, refused as soon as it is known to be too large: by its Content-Length or as it arrives. */
export async function readBody(request: IncomingMessage): Promise<string | undefined> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_REQUEST_BYTES) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
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
