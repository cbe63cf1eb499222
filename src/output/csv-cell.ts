/**
 * A CSV cell a spreadsheet would run as a formula: one starting with `=`, `+`, `-`, `@`, TAB or CR (OWASP,
 * "CSV Injection"). `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` in a variable's value would run when support
 * staff open the export. Such a cell gets a leading `'`, which spreadsheets show as text; a number such as
 * `-5` or `+1.5e3` is kept as it is (a spreadsheet reads it as the number it is, not a formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}
