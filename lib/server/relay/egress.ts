// The one way out to a receiver (relay sends and test sends). A callback URL is operator input
// and the receiver's answer is stored and shown, so without this the relay reads internal
// services for whoever can set the URL (SSRF). Rules and choices: docs/decisions/0013.
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import { getEnv } from "@/lib/env";
import type { FetchLike } from "./send";

export const PRIVATE_HINT = "private targets are refused (set HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS=true for local development)";

/** How long the save-time check waits for DNS before refusing the URL. */
export const SAVE_LOOKUP_TIMEOUT_MS = 5_000;

export type Verdict = { allowed: true; address: string } | { allowed: false; address: string; what: string };

// Names for every range ipaddr.js knows besides "unicast" (the only one allowed).
const RANGE_WHAT: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (where cloud metadata services answer)",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (RFC 6598) address",
  private: "a private (RFC 1918) address",
  reserved: "a reserved address",
  benchmarking: "a benchmarking address",
  amt: "an AMT relay anycast address",
  as112: "an AS112 DNS sink address",
  as112v6: "an AS112 DNS sink address",
  uniqueLocal: "a unique local (ULA) address",
  discard: "a discard-only address",
  ipv4Mapped: "an IPv4-mapped address",
  rfc6145: "an IPv4-translated (RFC 6145) address",
  rfc6052: "a NAT64 address",
  "6to4": "a 6to4 address",
  teredo: "a Teredo address",
  deprecated: "a deprecated ORCHID address",
  orchid2: "an ORCHIDv2 address",
  droneRemoteIdProtocolEntityTags: "a drone remote ID address",
};

const whatOf = (range: string) => RANGE_WHAT[range] ?? `a special-purpose address (${range})`;

// RFC 8215's local-use NAT64 prefix: where the IPv4 part sits depends on the operator's chosen
// prefix length, so it cannot be checked and is refused as a whole.
const LOCAL_NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b:1::/48");

const v4From = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/**
 * Whether a receiver may live at this address. Only ipaddr.js's "unicast" (globally routable)
 * passes; IPv6 forms that carry an IPv4 address are judged by that address too, and only the
 * well-known NAT64 prefix (DNS64 networks reach public IPv4 receivers through it) may pass.
 */
export function classifyAddress(ip: string): Verdict {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns ::ffff:a.b.c.d back into a.b.c.d, so mapped forms meet the IPv4 rules
    addr = ipaddr.process(ip);
  } catch {
    return { allowed: false, address: ip, what: "not an IP address" };
  }
  const address = addr.toString();
  if (addr.kind() === "ipv4") {
    const range = (addr as ipaddr.IPv4).range();
    return range === "unicast" ? { allowed: true, address } : { allowed: false, address, what: whatOf(range) };
  }
  const v6 = addr as ipaddr.IPv6;
  const p = v6.parts;
  const range = v6.range();
  const embedded = (form: string, v4: ipaddr.IPv4, passIfPublic: boolean): Verdict => {
    const inner = classifyAddress(v4.toString());
    if (!inner.allowed) return { allowed: false, address, what: `${form} of ${inner.address}, ${inner.what}` };
    return passIfPublic ? { allowed: true, address } : { allowed: false, address, what: `${form} (a deprecated transition address)` };
  };
  if (range === "rfc6052") return embedded("a NAT64 form", v4From(p[6]!, p[7]!), true);
  if (range === "rfc6145") return embedded("an IPv4-translated form", v4From(p[6]!, p[7]!), false);
  if (range === "6to4") return embedded("a 6to4 form", v4From(p[1]!, p[2]!), false);
  // ::a.b.c.d (IPv4-compatible, RFC 4291 deprecated): ipaddr.js calls it unicast
  if (range === "unicast" && p.slice(0, 6).every((x) => x === 0)) return embedded("an IPv4-compatible form", v4From(p[6]!, p[7]!), false);
  if (v6.match(LOCAL_NAT64)) return { allowed: false, address, what: "a local-use NAT64 (RFC 8215) address" };
  return range === "unicast" ? { allowed: true, address } : { allowed: false, address, what: whatOf(range) };
}

/** A target refused by the address rules. Never retried into a connection: nothing was sent. */
export class EgressRefused extends Error {
  override name = "EgressRefused";
}

function refusal(host: string | null, v: Extract<Verdict, { allowed: false }>): EgressRefused {
  const who = host === null ? "callback_url" : `callback_url host ${host}`;
  return new EgressRefused(`${who} resolves to ${v.address}, ${v.what}; ${PRIVATE_HINT}`);
}

export type ResolvedAddress = { address: string; family: number };
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

/**
 * getaddrinfo, shared by every concurrent lookup of the same name.
 *
 * It runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), the pool
 * that also runs every fs call: the SQL store's fsync before the intake answers and before the
 * relay sends. A lookup is not cancelled when its request times out, and one the resolver does not
 * answer holds its thread for the resolver's own timeouts and retries (tens of seconds). Each new
 * connection looks its host up, and a pass opens up to HOOKSCOPE_RELAY_CONCURRENCY of them to one
 * host: with the receiver's DNS not answering, every pass queued that many more stuck lookups, the
 * queue outgrew the pool, and the fsyncs waited behind it, so claims went stale in flight (and, in
 * `npm start`, the intake stopped answering in time). Shared, one name costs at most one thread.
 * Nothing is kept once the answer is in: every later connection asks again (TTLs, and the address
 * rules apply to each answer as before).
 */
const inFlight = new Map<string, Promise<ResolvedAddress[]>>();

export const systemResolve: Resolve = (host) => {
  let lookup = inFlight.get(host);
  if (!lookup) {
    lookup = dns.promises.lookup(host, { all: true, verbatim: true }).finally(() => inFlight.delete(host));
    inFlight.set(host, lookup);
  }
  // each caller gets its own array
  return lookup.then((all) => [...all]);
};

const bare = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

/**
 * Every address `host` stands for, or EgressRefused when any one of them is not allowed. A name
 * with one private answer among public ones is refused as a whole rather than filtered: such a
 * name is misconfigured or built to get a private address tried, and a filtered answer would
 * depend on which records a resolver happens to return.
 */
export async function resolveTarget(host: string, opts: { allowPrivate: boolean; resolve?: Resolve }): Promise<ResolvedAddress[]> {
  const h = bare(host);
  const family = net.isIP(h);
  if (family) {
    if (!opts.allowPrivate) {
      const v = classifyAddress(h);
      if (!v.allowed) throw refusal(null, v);
    }
    return [{ address: h, family }];
  }
  const all = await (opts.resolve ?? systemResolve)(h);
  if (all.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: "ENOTFOUND", hostname: h });
  if (!opts.allowPrivate) {
    for (const a of all) {
      const v = classifyAddress(a.address);
      if (!v.allowed) throw refusal(h, v);
    }
  }
  return all;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;
type LookupOptions = { family?: number | string; all?: boolean };

/**
 * A `lookup` for net/tls.connect: the socket connects to an address this function returned,
 * after it passed the rules, so no later lookup can hand a rebinding answer to the connection.
 * Node's happy-eyeballs path asks with `all: true`, the plain path without.
 */
export function checkedLookup(opts: { allowPrivate: boolean; resolve?: Resolve }) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolveTarget(hostname, opts).then(
      (all) => {
        const want = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
        const usable = want ? all.filter((a) => a.family === want) : all;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname }), "", 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (e: NodeJS.ErrnoException) => callback(e, "", 0),
    );
  };
}

/**
 * An undici dispatcher whose every connection is checked. IP-literal hosts never reach `lookup`
 * (net.connect skips it for them), so the connector checks those itself.
 */
export function createEgressAgent(opts: { allowPrivate: boolean; resolve?: Resolve; connectTimeoutMs?: number }): Agent {
  const base = buildConnector({ lookup: checkedLookup(opts) as never, timeout: opts.connectTimeoutMs ?? 10_000 });
  const connect: buildConnector.connector = (o, cb) => {
    const h = bare(o.hostname);
    if (!opts.allowPrivate && net.isIP(h)) {
      const v = classifyAddress(h);
      if (!v.allowed) {
        process.nextTick(() => cb(refusal(null, v), null));
        return;
      }
    }
    base(o, cb);
  };
  return new Agent({ connect });
}

// One pooled agent per setting, so a connection opened while private targets were allowed is
// never reused after they are switched off.
const agents = new Map<boolean, Agent>();

export function egressAgent(allowPrivate: boolean): Agent {
  let a = agents.get(allowPrivate);
  if (!a) agents.set(allowPrivate, (a = createEgressAgent({ allowPrivate })));
  return a;
}

/** The relay's fetch: undici with the checked dispatcher, the setting read at each call. */
export const egressFetch: FetchLike = (url, init) => {
  const dispatcher = egressAgent(getEnv().HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS);
  return undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
};

/**
 * The save-time check of a callback URL (already known to be an absolute http(s) URL). A name
 * that does not resolve is refused: it could not be checked, and it is more often a typo than a
 * receiver whose DNS is still to come. With private targets allowed nothing is looked up, so
 * local setups may name hosts that only resolve where the worker runs.
 */
export async function checkCallbackTarget(
  url: string,
  opts: { allowPrivate: boolean; resolve?: Resolve; timeoutMs?: number },
): Promise<{ ok: true } | { ok: false; error: string }> {
  if (opts.allowPrivate) return { ok: true };
  const host = bare(new URL(url).hostname);
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = opts.timeoutMs ?? SAVE_LOOKUP_TIMEOUT_MS;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("lookup timed out"), { code: "ETIMEOUT" })), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([resolveTarget(host, opts), timedOut]);
    return { ok: true };
  } catch (e) {
    if (e instanceof EgressRefused) return { ok: false, error: e.message };
    const err = e as NodeJS.ErrnoException;
    return { ok: false, error: `callback_url host ${host} could not be resolved (${err.code ?? err.message}); a callback URL must resolve to a public address when it is saved` };
  } finally {
    clearTimeout(timer);
  }
}
