/** The words that name commands, from the verb declarations (see command-words.mjs). */
export function commandWords(root: string, version: string): Promise<string[]>;
