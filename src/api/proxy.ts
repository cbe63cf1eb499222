type Env = Readonly<Record<string, string | undefined>>;
type Fetch = typeof globalThis.fetch;

/** The proxy variables, lowercase first as curl and undici read them; an empty value counts as unset. */
export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

const pick = (env: Env, name: string): string => env[name.toLowerCase()] || env[name] || "";

export function proxySettings(env: Env): ProxySettings | undefined {
  const httpProxy = pick(env, "HTTP_PROXY");
  const httpsProxy = pick(env, "HTTPS_PROXY");
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy: pick(env, "NO_PROXY") };
}

const cache = new WeakMap<Env, Promise<Fetch>>();

/**
 * A fetch that goes through the proxy the environment names (HTTPS_PROXY for https:// URLs, falling back
 * to HTTP_PROXY; NO_PROXY bypasses), or undefined when no proxy variable is set. undici is imported only
 * in that case, so a run without a proxy does not pay for loading it.
 */
export function proxiedFetch(env: Env, debug: (line: string) => void): Promise<Fetch> | undefined {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  let fetch = cache.get(env);
  if (!fetch) {
    debug(`proxy: ${describeProxies(settings)}`);
    fetch = loadProxiedFetch(settings);
    cache.set(env, fetch);
  }
  return fetch;
}

async function loadProxiedFetch(settings: ProxySettings): Promise<Fetch> {
  const loaded = await import("undici");
  // Bundled, this CommonJS package's exports arrive as the default export of the namespace.
  const undici = (loaded.EnvHttpProxyAgent ? loaded : loaded.default) as typeof loaded;
  // http:// targets go to the proxy in absolute form (as curl does); https:// targets through CONNECT.
  const dispatcher = new undici.EnvHttpProxyAgent({ ...settings, proxyTunnel: false });
  return ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch;
}

/** Proxy URLs without their user:password part: those are credentials. */
export function describeProxies(settings: ProxySettings): string {
  const bare = (url: string) => {
    try {
      const parsed = new URL(url);
      parsed.username = "";
      parsed.password = "";
      return parsed.origin;
    } catch {
      return "(unparsable URL)";
    }
  };
  const parts = [
    settings.httpsProxy ? `https via ${bare(settings.httpsProxy)}` : undefined,
    settings.httpProxy ? `http via ${bare(settings.httpProxy)}` : undefined,
    settings.noProxy ? `not for ${settings.noProxy}` : undefined,
  ];
  return parts.filter(Boolean).join(", ");
}
