/** POSIX single quoting: everything inside is literal; a ' is written as '\'' (close, escaped ', reopen). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
