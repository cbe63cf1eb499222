import { Chalk, type ChalkInstance } from "chalk";

export interface StreamLike {
  readonly isTTY?: boolean | undefined;
}

/**
 * Colour decision for one stream. chalk 5 ignores NO_COLOR, so this is the only place that decides:
 * --no-color and NO_COLOR always win; FORCE_COLOR forces it on; otherwise only a real TTY, never TERM=dumb.
 */
export function colorLevel(
  stream: StreamLike,
  env: Readonly<Record<string, string | undefined>>,
  colorFlag = true,
): 0 | 1 | 2 | 3 {
  if (!colorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2" || force === "3") return Number(force) as 2 | 3;
    return 1;
  }
  if (!stream.isTTY || env.TERM === "dumb") return 0;
  return 1;
}

export function painter(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
