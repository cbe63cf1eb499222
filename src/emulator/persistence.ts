import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { configError } from "../errors.js";
import { writePrivateFile } from "../fs.js";
import { readSeedFile } from "./seed.js";
import type { Seed } from "./state.js";

/** The signing key pair an earlier run saved, so clients configured with its public key keep working. */
export function savedKeys(
  saved: Seed | undefined,
): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
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

/** The state saved by an earlier run with `--data`, if that file exists. */
export function loadDataFile(path: string): Seed | undefined {
  return existsSync(path) ? readSeedFile(path) : undefined;
}

export interface DataStore {
  /** Resolves once a snapshot taken after this call is durably on disk. */
  persist(): Promise<void>;
  /** Resolves when every persist() asked for so far has finished. */
  drain(): Promise<void>;
  /** How many times the file was written (several writes share one when they arrive together). */
  readonly writes: number;
}

/**
 * Serialises writes of the data file: never two at once, each one atomic (temporary file, fsync, rename,
 * mode 0600: it holds the emulator's credentials). Callers that arrive while a write is waiting to start
 * share it, since the snapshot is taken when it starts and so includes their change.
 */
export function createDataStore(path: string, snapshot: () => string): DataStore {
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  let writes = 0;
  const store: DataStore = {
    persist() {
      if (waiting) return waiting;
      const write = tail.then(() => {
        waiting = undefined;
        writes++;
        return writePrivateFile(path, snapshot());
      });
      waiting = write;
      tail = write.catch(() => {});
      return write;
    },
    drain: () => tail,
    get writes() {
      return writes;
    },
  };
  return store;
}
