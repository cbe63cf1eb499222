/** One CSV record and the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (`""` is a quote inside them; quoted
 * fields may hold commas and line breaks), CRLF or LF line ends. Blank lines are skipped. Throws a message
 * with the line number for a quote that never closes or text after a closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let index = 0;
  while (index < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = "";
      if (text[index] === '"') {
        index++;
        for (;;) {
          if (index >= text.length) throw new Error(`line ${start}: a quoted field never closes`);
          const char = text[index++];
          if (char === '"') {
            if (text[index] !== '"') break;
            index++;
          } else if (char === "\n") line++;
          field += char;
        }
        if (index < text.length && !/[,\r\n]/.test(text[index] ?? "")) {
          throw new Error(`line ${line}: text after a closing quote (quote the whole field)`);
        }
      } else {
        while (index < text.length && !/[,\r\n]/.test(text[index] ?? "")) field += text[index++];
      }
      fields.push(field);
      if (text[index] === ",") {
        index++;
        continue;
      }
      break;
    }
    if (text[index] === "\r") index++;
    if (text[index] === "\n") index++;
    line++;
    if (!(fields.length === 1 && fields[0]?.trim() === "")) records.push({ line: start, fields });
  }
  return records;
}
