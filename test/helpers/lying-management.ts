import { startServer } from "./http.js";

/**
 * A Management API that ignores every filter: each listing answers `results` whatever the query asked
 * (`count` as given, else their number), and records what it was asked ("GET /api/v1/devices/?…").
 */
export async function startLyingManagement(
  listings: Record<"licenses" | "devices" | "device-variables", unknown[]>,
  count?: number,
): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = await startServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const path = new URL(request.url ?? "/", "http://x").pathname.replace(/^\/api\/v1\/|\/$/g, "");
    const results = listings[path as keyof typeof listings];
    response.writeHead(results ? 200 : 404, { "Content-Type": "application/json" });
    response.end(
      JSON.stringify(
        results
          ? { count: count ?? results.length, next: null, previous: null, results }
          : { detail: "Not found." },
      ),
    );
  });
  return { url: `${server.origin}/api/v1`, seen };
}
