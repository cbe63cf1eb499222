/** A writable that keeps what was written, for in-process tests of output. */
export interface MemoryStream {
  text: string;
  readonly isTTY: boolean;
  write(chunk: string): boolean;
}

export function memoryStream(isTTY = false): MemoryStream {
  const stream: MemoryStream = {
    text: "",
    isTTY,
    write(chunk) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}
