import type { EmulatorEnv, Reply } from "./routes.js";

/** DRF's LimitOffsetPagination as LicenseSpring configures it: 20 by default, at most 100. */
const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** A Management API answer: DRF JSON, never signed. */
export const drf = (status: number, body: unknown): Reply => ({ status, body, signed: false });

/** DRF's `{count, next, previous, results}` with absolute `next`/`previous` links. */
export function paginate(env: EmulatorEnv, url: URL, items: readonly unknown[]): Reply {
  const limit = Math.min(wholeNumber(url.searchParams.get("limit")) || PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = wholeNumber(url.searchParams.get("offset")) ?? 0;
  const link = (at: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("limit", String(limit));
    if (at > 0) query.set("offset", String(at));
    else query.delete("offset");
    return `${env.origin()}${url.pathname}?${query}`;
  };
  return drf(200, {
    count: items.length,
    next: offset + limit < items.length ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    results: items.slice(offset, offset + limit),
  });
}

function wholeNumber(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}
