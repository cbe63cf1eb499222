type Env = Readonly<Record<string, string | undefined>>;
type Fetch = typeof globalThis.fetch;

/** The proxy variables, lowercase first as curl and undici read them; an empty value counts as unset. */
export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

const pick = (env: Env, name: string): string => env[name.toLowerCase()] || env[name] || "";
/** The spelling of the variable `pick` read: the lowercase one when it is set. */
const setName = (env: Env, name: string): string => (env[name.toLowerCase()] ? name.toLowerCase() : name);

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
  const parts = [
    settings.httpsProxy ? `https via ${proxyOrigin(settings.httpsProxy)}` : undefined,
    settings.httpProxy ? `http via ${proxyOrigin(settings.httpProxy)}` : undefined,
    settings.noProxy ? `not for ${settings.noProxy}` : undefined,
  ];
  return parts.filter(Boolean).join(", ");
}

/** A proxy URL's origin: never its user:password part, which is a credential. */
function proxyOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(unparsable URL)";
  }
}

/** The proxy one request goes through, as error messages name it. */
export interface AppliedProxy {
  /** Scheme, host and port only. */
  readonly origin: string;
  /** The variable that named it, as spelled in the environment (`HTTPS_PROXY`, `http_proxy`, …). */
  readonly variable: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443 };

/**
 * The proxy a request to `url` goes through, or undefined when it goes direct: the choice undici's
 * EnvHttpProxyAgent makes (loadProxiedFetch), so errors can name the party that failed.
 */
export function proxyFor(url: string, env: Env): AppliedProxy | undefined {
  const settings = proxySettings(env);
  if (!settings) return undefined;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  if (bypassed(target, settings.noProxy)) return undefined;
  const name = target.protocol === "https:" && settings.httpsProxy ? "HTTPS_PROXY" : "HTTP_PROXY";
  if (name === "HTTP_PROXY" && !settings.httpProxy) return undefined;
  return { origin: proxyOrigin(pick(env, name)), variable: setName(env, name) };
}

/** NO_PROXY as undici reads it: `*`, or host[:port] entries, each also matching its subdomains. */
function bypassed(target: URL, noProxy: string): boolean {
  if (noProxy === "*") return true;
  const hostname = target.host.replace(/:\d*$/, "").toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const [, host = entry, entryPort] = /^(.+):(\d+)$/.exec(entry) ?? [];
      const bare = host.replace(/^\*?\./, "").toLowerCase();
      if (entryPort && Number(entryPort) !== port) return false;
      return hostname === bare || hostname.endsWith(`.${bare}`);
    });
}
