import { statSync } from "node:fs";
import type { ConfigFile } from "./files.js";
import { isSecret, isSettingKey } from "./schema.js";

/**
 * Like ssh with a private key: a config file that holds a secret (top level or in a profile) and that group
 * or others may read gets a warning naming the file and the fix. Nothing is refused: the run goes on.
 */
export function exposedSecretWarnings(files: readonly ConfigFile[], platform = process.platform): string[] {
  if (platform === "win32") return []; // POSIX mode bits mean nothing there
  return files
    .filter((file) => holdsSecret(file.data) && readableByOthers(file.path))
    .map((file) => `${file.path} holds secrets and is readable by others; run: chmod 600 ${file.path}`);
}

function holdsSecret(data: Readonly<Record<string, unknown>>): boolean {
  const hasSecretKey = (layer: unknown) =>
    typeof layer === "object" &&
    layer !== null &&
    Object.keys(layer).some((key) => isSettingKey(key) && isSecret(key));
  const profiles = data.profiles;
  const profileLayers = typeof profiles === "object" && profiles !== null ? Object.values(profiles) : [];
  return hasSecretKey(data) || profileLayers.some(hasSecretKey);
}

function readableByOthers(path: string): boolean {
  try {
    return (statSync(path).mode & 0o044) !== 0;
  } catch {
    return false;
  }
}
