import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writePrivateFileAsync } from "../core/safe-file.js";
import { lockDataFile } from "./data-lock.js";
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

/** The one temporary file beside the data file: reused, so a killed run leaves at most this one behind. */
export const temporaryOf = (path: string) => join(dirname(path), `.${basename(path)}.tmp`);

/**
 * Serialises writes of the data file: never two at once, each one atomic (temporary file, fsync, rename,
 * mode 0600: it holds the emulator's credentials and signing key). Callers that arrive before a write
 * starts share it, since the snapshot is taken when it starts and so includes their change.
 *
 * A write that fails takes back what it would have saved: `restore` puts the state back to the last saved
 * snapshot, every caller of that write is refused, and so are callers that changed the state after that
 * snapshot (their change is gone too). What a client was told failed is never visible afterwards.
 */
export function createDataStore(
  path: string,
  snapshot: () => string,
  restore: (saved: string) => void = () => {},
): DataStore {
  let tail: Promise<void> = Promise.resolve();
  let waiting: { promise: Promise<void>; undone: boolean } | undefined;
  let saved = snapshot();
  let writes = 0;
  const store: DataStore = {
    persist() {
      if (waiting) return waiting.promise;
      const pending = { promise: Promise.resolve(), undone: false };
      // One turn of the event loop first, so requests already arriving join this write (group commit).
      pending.promise = tail.then(nextTurn).then(async () => {
        if (waiting === pending) waiting = undefined;
        if (pending.undone) throw new Error("rolled back with an earlier write that failed");
        writes++;
        const text = snapshot();
        try {
          await writePrivateFileAsync(path, text, temporaryOf(path));
          saved = text;
        } catch (error) {
          restore(saved);
          if (waiting) waiting.undone = true; // changed after this snapshot: undone by the restore
          waiting = undefined;
          throw error;
        }
      });
      waiting = pending;
      tail = pending.promise.catch(() => {});
      return pending.promise;
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
  /** Give up the data file's lock (after the last write). */
  readonly release: () => void;
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
  const release = options.dataFile ? lockDataFile(options.dataFile, process.pid) : () => {};
  try {
    const saved = options.dataFile ? loadDataFile(options.dataFile) : undefined;
    const keys = options.keyPair ?? savedKeys(saved) ?? generateSigningKeys();
    const state = createState(saved ?? options.seed, options.now);
    const signingKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const snapshot = () => `${JSON.stringify({ ...toSeed(state), signingKey }, null, 2)}\n`;
    const restore = (text: string) => restoreState(state, JSON.parse(text) as Seed, options.now);
    const store = options.dataFile ? createDataStore(options.dataFile, snapshot, restore) : undefined;
    if (store && !saved) await store.persist();
    return { state, keys, store, restored: saved !== undefined, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Put the live state back to a saved snapshot, in place (the routes hold the same object). */
function restoreState(state: State, saved: Seed, now: number): void {
  const previous = createState(saved, now);
  state.licenses.splice(0, state.licenses.length, ...previous.licenses);
  state.nextVariableId = previous.nextVariableId;
}
