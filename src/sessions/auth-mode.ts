import type { AuthMode } from "../api/auth.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource } from "../config/source.js";
import { configError } from "../core/cli-error.js";

/**
 * OAuth client credentials when both are configured, else API key + shared key.
 * Half a pair, or neither, is a configuration error naming what to set.
 */
export function selectAuthMode(settings: ResolvedSettings): AuthMode {
  const { apiKey, sharedKey, clientId, clientSecret, tokenUrl } = settings;
  if (clientId && clientSecret && tokenUrl) {
    return {
      type: "oauth",
      clientId: clientId.value,
      clientSecret: clientSecret.value,
      tokenUrl: tokenUrl.value,
    };
  }
  if (apiKey && sharedKey) return { type: "api-key", apiKey: apiKey.value, sharedKey: sharedKey.value };
  const half = halfPair(settings);
  if (half) throw configError(half, undefined, "missing_credentials");
  throw configError(
    "No License API credentials are configured.",
    "Set apiKey and sharedKey (LICENSECTL_API_KEY, LICENSECTL_SHARED_KEY), or clientId and clientSecret " +
      "(LICENSECTL_CLIENT_ID, LICENSECTL_CLIENT_SECRET) for OAuth, in the environment or a config file. " +
      "To try licensectl locally, run `licensectl emulator --write-config <file>`.",
    "missing_credentials",
  );
}

function halfPair(settings: ResolvedSettings): string | undefined {
  const pairs = [
    ["apiKey", "sharedKey", "LICENSECTL_API_KEY", "LICENSECTL_SHARED_KEY"],
    ["clientId", "clientSecret", "LICENSECTL_CLIENT_ID", "LICENSECTL_CLIENT_SECRET"],
  ] as const;
  for (const [a, b, envA, envB] of pairs) {
    const has = settings[a];
    const hasOther = settings[b];
    if (has && !hasOther)
      return `${a} is set (${describeSource(has.source)}) but ${b} is missing: set ${b} or ${envB}.`;
    if (hasOther && !has) {
      return `${b} is set (${describeSource(hasOther.source)}) but ${a} is missing: set ${a} or ${envA}.`;
    }
  }
  return undefined;
}
