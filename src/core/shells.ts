/** The shells `licensectl completion` writes a script for (also the choices of its argument). */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];
