import type { ServerResponse } from "node:http";
import { failure } from "./error-responses.js";
import { type Reply, signedFailure } from "./routes.js";

/**
 * Fault injection, so retries, timeouts and error paths can be tested end to end against a real server:
 * `503@0.25` answers a quarter of the requests with HTTP 503, `reset@10%` drops one in ten connections
 * without an answer, `503*2` fails exactly the next two requests, `stall*1` sends headers and half a body
 * and then nothing.
 */
export type Fault =
  | { readonly type: "status"; readonly status: number }
  | { readonly type: "reset" }
  | { readonly type: "stall" };

export interface FaultRule {
  readonly fault: Fault;
  /** Probability per request, in (0, 1]. */
  readonly rate?: number;
  /** Or: exactly this many of the next requests. */
  readonly count?: number;
}

const SYNTAX = /^(reset|stall|[45]\d\d)(?:@(\d*\.?\d+)(%?)|\*(\d+))$/;

/** Parse `<status|reset|stall>@<rate>` (0.25 or 25%) or `<status|reset|stall>*<count>`. */
export function parseFaultRule(text: string): FaultRule {
  const match = SYNTAX.exec(text.trim());
  if (!match) {
    throw new Error(
      `"${text}" is not a fault: use <status|reset|stall>@<rate> (503@0.2, reset@10%) or <status|reset|stall>*<count> (503*2)`,
    );
  }
  const [, what = "", rateText, percent, countText] = match;
  const fault: Fault = /^\d+$/.test(what)
    ? { type: "status", status: Number(what) }
    : what === "reset"
      ? { type: "reset" }
      : { type: "stall" };
  if (countText !== undefined) return { fault, count: Number(countText) };
  const rate = Number(rateText) / (percent ? 100 : 1);
  if (!(rate > 0 && rate <= 1))
    throw new Error(`"${text}": the rate must be more than 0 and at most 1 (100%)`);
  return { fault, rate };
}

/** Decides, request by request, which fault (if any) to inject. Rules are tried in order. */
export function createFaultPlan(rules: readonly FaultRule[], random: () => number): () => Fault | undefined {
  const remaining = rules.map((rule) => rule.count ?? 0);
  return () => {
    for (const [index, rule] of rules.entries()) {
      if (rule.count !== undefined) {
        if ((remaining[index] ?? 0) > 0) {
          remaining[index] = (remaining[index] ?? 0) - 1;
          return rule.fault;
        }
      } else if (random() < (rule.rate ?? 0)) {
        return rule.fault;
      }
    }
    return undefined;
  };
}

/** A small seeded generator (mulberry32), so a run with `--fault-seed` injects the same faults again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SendReply = (response: ServerResponse, reply: Reply, headers?: Record<string, string>) => void;

/** Answer with the fault instead of the real answer (nothing is routed, so nothing changes). */
export function injectFault(
  fault: Fault,
  response: ServerResponse,
  send: SendReply,
  retryAfterSeconds: number | undefined,
): void {
  if (fault.type === "reset") {
    response.socket?.destroy();
  } else if (fault.type === "stall") {
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
    response.write('[{"variable":"');
  } else {
    const throttled = (fault.status === 429 || fault.status === 503) && retryAfterSeconds !== undefined;
    const headers: Record<string, string> = throttled ? { "Retry-After": String(retryAfterSeconds) } : {};
    send(
      response,
      signedFailure(failure(fault.status, "injected_fault", "Fault injected by the emulator")),
      headers,
    );
  }
}
