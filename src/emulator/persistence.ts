import { existsSync } from "node:fs";
import { writePrivateFileAsync } from "../core/safe-file.js";
import { generateSigningKeys, type KeyPair, savedKeys } from "./keys.js";
import { readSeedFile } from "./seed.js";
import { createState, type Seed, type State, toSeed } from "./state.js";

/** The state saved by an earlier run with `--data`, if that file exists. */
function loadDataFile(path: string): Seed | undefined {
  return existsSync(path) ? readSeedFile(path, "Data") : undefined;
}

export interface DataStore {
  /** Resolves once a snapshot taken after this call is durably on disk. */
  persist(): Promise<void>;
  /** Resolves when every persist() asked for so far has finished. */
  drain(): Promise<void>;
  /** How many times the file was written (several writes share one when they arrive together). */
  readonly writes: number;
}

/** Resolves after one turn of the event loop: what is already arriving gets handled first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Serialises writes of the data file: never two at once, each one atomic (temporary file, fsync, rename,
 * mode 0600: it holds the emulator's credentials and signing key). Callers that arrive before a write
 * starts share it, since the snapshot is taken when it starts and so includes their change.
 */
export function createDataStore(path: string, snapshot: () => string): DataStore {
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  let writes = 0;
  const store: DataStore = {
    persist() {
      if (waiting) return waiting;
      // One turn of the event loop first, so requests already arriving join this write (group commit).
      const write = tail.then(nextTurn).then(() => {
        waiting = undefined;
        writes++;
        return writePrivateFileAsync(path, snapshot());
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

export interface OpenedState {
  readonly state: State;
  readonly keys: KeyPair;
  readonly store: DataStore | undefined;
  /** true when the state came from an existing data file. */
  readonly restored: boolean;
}

/**
 * The emulator's state, keys and data file: restored from `dataFile` when it exists, else built from the
 * seed and saved at once, so generated credentials and the signing key survive a restart too.
 */
export async function openState(options: {
  readonly seed: Seed;
  readonly dataFile?: string | undefined;
  readonly keyPair?: KeyPair | undefined;
  readonly now: number;
}): Promise<OpenedState> {
  const saved = options.dataFile ? loadDataFile(options.dataFile) : undefined;
  const keys = options.keyPair ?? savedKeys(saved) ?? generateSigningKeys();
  const state = createState(saved ?? options.seed, options.now);
  const signingKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const snapshot = () => `${JSON.stringify({ ...toSeed(state), signingKey }, null, 2)}\n`;
  const store = options.dataFile ? createDataStore(options.dataFile, snapshot) : undefined;
  if (store && !saved) await store.persist();
  return { state, keys, store, restored: saved !== undefined };
}
