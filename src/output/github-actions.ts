/**
 * GitHub Actions workflow commands (`::error title=…::message`): the runner reads them from a step's output
 * lines. licensectl prints one for each failure and warning when GITHUB_ACTIONS is "true" in the Io's
 * environment. What it quotes is not its own text (server messages, file names), so both parts are escaped by
 * the runner's rules: a newline in a message can never start a line of its own, so never a command.
 */

export type AnnotationLevel = "error" | "warning";

/** True in a GitHub Actions job (the runner sets GITHUB_ACTIONS=true). */
export function inGitHubActions(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.GITHUB_ACTIONS === "true";
}

/** The runner's escaping of a command's message: % first, then CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value also escapes : and , (they separate properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One workflow-command line (without its newline): `::error title=…::message`. */
export function annotation(level: AnnotationLevel, title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}`;
}
