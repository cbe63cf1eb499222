import { lstatSync, mkdirSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";

/**
 * `base/names…` when only this user can reach it, else undefined: each of `names` a real directory (not a
 * symlink), owned by this user, mode 0700 (created so when `create` is set); `base` itself (which may be a
 * symlink, as ~/.cache often is) owned by this user or root and writable by no one else unless sticky.
 * Without user IDs (Windows) there is no private directory.
 */
export function privateDir(base: string, names: readonly string[], create: boolean): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  try {
    if (create) mkdirSync(base, { recursive: true, mode: 0o700 });
    const top = statSync(base);
    if (!top.isDirectory() || (top.uid !== uid && top.uid !== 0) || othersMayRename(top)) return undefined;
    let dir = base;
    for (const name of names) {
      dir = join(dir, name);
      if (create && !exists(dir)) mkdirSync(dir, { mode: 0o700 });
      if (!isPrivate(lstatSync(dir), uid, "directory")) return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

/** A directory or regular file (judged by lstat or fstat) only `uid` can read or write. */
export function isPrivate(stats: Stats, uid: number, type: "directory" | "file"): boolean {
  const rightType = type === "directory" ? stats.isDirectory() : stats.isFile();
  return rightType && stats.uid === uid && (stats.mode & 0o077) === 0;
}

function othersMayRename(stats: Stats): boolean {
  return (stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
