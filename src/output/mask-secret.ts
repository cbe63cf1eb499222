/** Secrets shown by `config show`: at most the last four characters, and none of a short secret. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `****${secret.slice(-4)}` : "****";
}
