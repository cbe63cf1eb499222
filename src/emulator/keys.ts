import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { configError } from "../core/cli-error.js";
import type { Seed } from "./state.js";

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** The RSA pair that signs the emulator's answers (generating one takes a moment). */
export function generateSigningKeys(): KeyPair {
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

/** The signing key pair an earlier run saved, so clients configured with its public key keep working. */
export function savedKeys(saved: Seed | undefined): KeyPair | undefined {
  if (saved?.signingKey === undefined) return undefined;
  try {
    const privateKey = createPrivateKey(saved.signingKey);
    return { privateKey, publicKey: createPublicKey(privateKey) };
  } catch {
    throw configError(
      'The data file\'s "signingKey" is not a usable private key.',
      "Delete the key from the file to generate a new one (clients then need the new public key).",
      "invalid_seed",
    );
  }
}
