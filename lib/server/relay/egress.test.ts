// Address rules are pure classification; the only connections made here go to a server on
// 127.0.0.1 that this file starts.
import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fetch as undiciFetch } from "undici";
import { checkCallbackTarget, checkedLookup, classifyAddress, createEgressAgent, PRIVATE_HINT, resolveTarget, systemResolve, type Resolve } from "./egress";
import { postJson } from "./send";

const hostOf = (url: string) => {
  const h = new URL(url).hostname;
  return h.startsWith("[") ? h.slice(1, -1) : h;
};

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.255.254", "a loopback address"],
    ["10.0.0.1", "a private (RFC 1918) address"],
    ["172.16.5.4", "a private (RFC 1918) address"],
    ["172.31.255.255", "a private (RFC 1918) address"],
    ["192.168.1.1", "a private (RFC 1918) address"],
    ["169.254.169.254", "a link-local address (where cloud metadata services answer)"],
    ["100.64.0.1", "a carrier-grade NAT (RFC 6598) address"],
    ["100.127.255.255", "a carrier-grade NAT (RFC 6598) address"],
    ["0.0.0.0", "an unspecified address"],
    ["0.1.2.3", "an unspecified address"],
    ["255.255.255.255", "the broadcast address"],
    ["224.0.0.1", "a multicast address"],
    ["239.255.255.250", "a multicast address"],
    ["240.0.0.1", "a reserved address"],
    ["192.0.2.10", "a reserved address"],
    ["198.18.0.1", "a reserved address"],
    ["192.0.0.8", "a reserved address"],
    ["::1", "a loopback address"],
    ["::", "an unspecified address"],
    ["fe80::1", "a link-local address (where cloud metadata services answer)"],
    ["febf::1", "a link-local address (where cloud metadata services answer)"],
    ["fc00::1", "a unique local (ULA) address"],
    ["fd00:ec2::254", "a unique local (ULA) address"],
    ["ff02::1", "a multicast address"],
    ["100::1", "a discard-only address"],
    ["2001:db8::1", "a reserved address"],
  ])("refuses %s as %s", (ip, what) => {
    expect(classifyAddress(ip)).toEqual({ allowed: false, address: expect.any(String), what });
  });

  it.each([
    // IPv4-mapped IPv6, both spellings: judged as the IPv4 address inside
    ["::ffff:127.0.0.1", "127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "127.0.0.1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "169.254.169.254", "a link-local address (where cloud metadata services answer)"],
    ["::ffff:10.1.2.3", "10.1.2.3", "a private (RFC 1918) address"],
    ["::ffff:0.0.0.0", "0.0.0.0", "an unspecified address"],
  ])("unwraps the IPv4-mapped %s to %s", (ip, address, what) => {
    expect(classifyAddress(ip)).toEqual({ allowed: false, address, what });
  });

  it.each([
    ["::7f00:1", "an IPv4-compatible form of 127.0.0.1, a loopback address"],
    ["::a9fe:a9fe", "an IPv4-compatible form of 169.254.169.254, a link-local address (where cloud metadata services answer)"],
    ["::5db8:d822", "an IPv4-compatible form (a deprecated transition address)"],
    ["64:ff9b::7f00:1", "a NAT64 form of 127.0.0.1, a loopback address"],
    ["64:ff9b::a9fe:a9fe", "a NAT64 form of 169.254.169.254, a link-local address (where cloud metadata services answer)"],
    ["64:ff9b::c0a8:101", "a NAT64 form of 192.168.1.1, a private (RFC 1918) address"],
    ["::ffff:0:7f00:1", "an IPv4-translated form of 127.0.0.1, a loopback address"],
    ["2002:7f00:1::1", "a 6to4 form of 127.0.0.1, a loopback address"],
    ["2002:a00:1::", "a 6to4 form of 10.0.0.1, a private (RFC 1918) address"],
    ["2002:5db8:d822::1", "a 6to4 form (a deprecated transition address)"],
    ["2001::1", "a Teredo address"],
    ["64:ff9b:1::a00:1", "a local-use NAT64 (RFC 8215) address"],
  ])("refuses the IPv6 form %s carrying an IPv4 address", (ip, what) => {
    expect(classifyAddress(ip)).toMatchObject({ allowed: false, what });
  });

  it.each(["93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1", "2a00:1450:4001::200e", "64:ff9b::5db8:d822"])(
    "allows the public address %s",
    (ip) => {
      expect(classifyAddress(ip)).toMatchObject({ allowed: true });
    },
  );

  it("refuses what is not an IP address", () => {
    expect(classifyAddress("example.com")).toEqual({ allowed: false, address: "example.com", what: "not an IP address" });
  });

  // WHATWG URL parsing turns every numeric spelling into the dotted quad that gets connected to,
  // so the rules see the address itself, never the spelling.
  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://017700000001/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://%31%32%37.0.0.1/", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://3232235777/", "192.168.1.1"],
    ["http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"],
    ["http://[::ffff:127.0.0.1]/", "127.0.0.1"],
    ["http://[::ffff:7f00:1]/", "127.0.0.1"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "127.0.0.1"],
    ["http://[::1]/", "::1"],
  ])("catches the numeric host of %s (%s)", async (url, address) => {
    const host = hostOf(url);
    expect(classifyAddress(host)).toMatchObject({ allowed: false, address });
    await expect(resolveTarget(new URL(url).hostname, { allowPrivate: false, resolve: () => Promise.reject(new Error("no lookup for a literal")) })).rejects.toThrow(
      `callback_url resolves to ${address}, `,
    );
  });
});

const fakeResolver = (table: Record<string, string[]>) => {
  const calls: string[] = [];
  const resolve: Resolve = async (host) => {
    calls.push(host);
    const addrs = table[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addrs.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls };
};

describe("resolveTarget and checkedLookup", () => {
  const { resolve } = fakeResolver({
    "public.test": ["93.184.216.34", "2606:4700::1"],
    "metadata.test": ["169.254.169.254"],
    "mixed.test": ["93.184.216.34", "10.0.0.5"],
    "mapped.test": ["::ffff:127.0.0.1"],
  });

  it("passes a name whose every address is public", async () => {
    expect(await resolveTarget("public.test", { allowPrivate: false, resolve })).toHaveLength(2);
  });

  it("refuses a name resolving to a private address, naming host, address and range", async () => {
    await expect(resolveTarget("metadata.test", { allowPrivate: false, resolve })).rejects.toThrow(
      `callback_url host metadata.test resolves to 169.254.169.254, a link-local address (where cloud metadata services answer); ${PRIVATE_HINT}`,
    );
    await expect(resolveTarget("mapped.test", { allowPrivate: false, resolve })).rejects.toThrow("resolves to 127.0.0.1, a loopback address");
  });

  it("refuses a name with one private address among public ones", async () => {
    await expect(resolveTarget("mixed.test", { allowPrivate: false, resolve })).rejects.toThrow("callback_url host mixed.test resolves to 10.0.0.5");
  });

  it("lets everything through when private targets are allowed", async () => {
    expect(await resolveTarget("metadata.test", { allowPrivate: true, resolve })).toEqual([{ address: "169.254.169.254", family: 4 }]);
    expect(await resolveTarget("[::1]", { allowPrivate: true, resolve })).toEqual([{ address: "::1", family: 6 }]);
  });

  const lookup = (host: string, options: { family?: number; all?: boolean }) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((done) =>
      checkedLookup({ allowPrivate: false, resolve })(host, options, (err, address, family) => done({ err, address, family })),
    );

  it("answers net.connect in both of its shapes, honouring the family asked for", async () => {
    expect(await lookup("public.test", { all: true })).toEqual({ err: null, address: [{ address: "93.184.216.34", family: 4 }, { address: "2606:4700::1", family: 6 }], family: undefined });
    expect(await lookup("public.test", {})).toEqual({ err: null, address: "93.184.216.34", family: 4 });
    expect(await lookup("public.test", { family: 6 })).toEqual({ err: null, address: "2606:4700::1", family: 6 });
  });

  it("hands the refusal to the socket instead of an address", async () => {
    const r = await lookup("mixed.test", { all: true });
    expect(r.err?.name).toBe("EgressRefused");
    expect(r.err?.message).toContain("10.0.0.5, a private (RFC 1918) address");
    expect((await lookup("nowhere.test", {})).err?.code).toBe("ENOTFOUND");
  });
});

describe("checkCallbackTarget (save time)", () => {
  const { resolve } = fakeResolver({ "public.test": ["93.184.216.34"], "lan.test": ["192.168.0.10"] });

  it("accepts public targets and refuses private ones with the reason", async () => {
    expect(await checkCallbackTarget("https://public.test/hooks", { allowPrivate: false, resolve })).toEqual({ ok: true });
    expect(await checkCallbackTarget("https://[2606:4700::1]/hooks", { allowPrivate: false, resolve })).toEqual({ ok: true });
    expect(await checkCallbackTarget("http://lan.test:8080/hooks", { allowPrivate: false, resolve })).toEqual({
      ok: false,
      error: `callback_url host lan.test resolves to 192.168.0.10, a private (RFC 1918) address; ${PRIVATE_HINT}`,
    });
    expect(await checkCallbackTarget("http://0x7f.1/", { allowPrivate: false, resolve })).toEqual({ ok: false, error: `callback_url resolves to 127.0.0.1, a loopback address; ${PRIVATE_HINT}` });
  });

  it("refuses a name that does not resolve, or not in time", async () => {
    expect(await checkCallbackTarget("https://typo.test/hooks", { allowPrivate: false, resolve })).toEqual({
      ok: false,
      error: "callback_url host typo.test could not be resolved (ENOTFOUND); a callback URL must resolve to a public address when it is saved",
    });
    const slow: Resolve = () => new Promise(() => undefined);
    expect(await checkCallbackTarget("https://slow.test/hooks", { allowPrivate: false, resolve: slow, timeoutMs: 20 })).toMatchObject({ ok: false, error: expect.stringContaining("(ETIMEOUT)") });
  });

  it("looks nothing up when private targets are allowed", async () => {
    const never: Resolve = () => Promise.reject(new Error("must not be called"));
    expect(await checkCallbackTarget("http://receiver.internal/hooks", { allowPrivate: true, resolve: never })).toEqual({ ok: true });
  });
});

/** dns.promises.lookup (what systemResolve calls) not answering until `answer`, then answering at once. */
function resolverThatHangs() {
  let answer!: (a: dns.LookupAddress[]) => void;
  const answered = new Promise<dns.LookupAddress[]>((r) => (answer = r));
  const lookup = vi.spyOn(dns.promises, "lookup").mockImplementation((() => answered) as unknown as typeof dns.promises.lookup);
  return { answer, lookup };
}

describe("the egress dispatcher", () => {
  let server: http.Server;
  let port: number;
  const hits: { host: string | undefined; path: string | undefined }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push({ host: req.headers.host, path: req.url });
      if (req.url === "/redirect") res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const fetchVia = (agent: ReturnType<typeof createEgressAgent>) => (url: string, init: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;

  it("refuses an IP-literal private target before connecting, and send records the reason", async () => {
    const agent = createEgressAgent({ allowPrivate: false });
    try {
      const before = hits.length;
      for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1", "127.1"]) {
        const r = await postJson(fetchVia(agent), `http://${host}:${port}/hooks`, {}, "{}", 2_000);
        expect(r).toMatchObject({ status: null, headers: null, body: null, error: `callback_url resolves to 127.0.0.1, a loopback address; ${PRIVATE_HINT}` });
      }
      expect(hits.length).toBe(before);
    } finally {
      await agent.close();
    }
  });

  it("refuses a name resolving to loopback, with one lookup and no connection", async () => {
    const { resolve, calls } = fakeResolver({ "rebind.test": ["127.0.0.1"] });
    const agent = createEgressAgent({ allowPrivate: false, resolve });
    try {
      const before = hits.length;
      const r = await postJson(fetchVia(agent), `http://rebind.test:${port}/hooks`, {}, "{}", 2_000);
      expect(r.error).toBe(`callback_url host rebind.test resolves to 127.0.0.1, a loopback address; ${PRIVATE_HINT}`);
      expect(calls).toEqual(["rebind.test"]);
      expect(hits.length).toBe(before);
    } finally {
      await agent.close();
    }
  });

  it("connects to the address its own lookup returned, and leaves redirects unfollowed", async () => {
    const { resolve, calls } = fakeResolver({ "receiver.test": ["127.0.0.1"] });
    const agent = createEgressAgent({ allowPrivate: true, resolve });
    try {
      const ok = await postJson(fetchVia(agent), `http://receiver.test:${port}/hooks`, {}, "{}", 2_000);
      expect(ok).toMatchObject({ status: 200, body: "ok", error: null });
      expect(hits.at(-1)).toEqual({ host: `receiver.test:${port}`, path: "/hooks" });
      const redirect = await postJson(fetchVia(agent), `http://receiver.test:${port}/redirect`, {}, "{}", 2_000);
      expect(redirect).toMatchObject({ status: 302, error: "HTTP 302: redirects are not followed" });
      expect(hits.at(-1)?.path).toBe("/redirect");
      expect(calls.length).toBeGreaterThanOrEqual(1);
    } finally {
      await agent.close();
    }
  });

  // getaddrinfo runs on libuv's thread pool with the store's fsyncs, and a timed-out request does
  // not cancel its lookup: concurrent connections to one name must share one (systemResolve).
  it("a pass of sends to a name whose resolver hangs costs one lookup, and every send still times out", async () => {
    const { answer, lookup } = resolverThatHangs();
    const agent = createEgressAgent({ allowPrivate: true });
    try {
      const before = hits.length;
      const sent = await Promise.all(Array.from({ length: 32 }, () => postJson(fetchVia(agent), `http://receiver.test:${port}/hooks`, {}, "{}", 300)));
      expect(sent.map((r) => r.error)).toEqual(Array(32).fill("Timed out after 0.3 s"));
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(hits.length).toBe(before);
      // once the resolver answers, the next connection asks again (nothing is cached)
      answer([{ address: "127.0.0.1", family: 4 }]);
      const ok = await postJson(fetchVia(agent), `http://receiver.test:${port}/hooks`, {}, "{}", 2_000);
      expect(ok).toMatchObject({ status: 200, error: null });
      expect(lookup).toHaveBeenCalledTimes(2);
    } finally {
      lookup.mockRestore();
      await agent.destroy();
    }
  });

  it("concurrent lookups of one name share one getaddrinfo; each caller gets its own answer", async () => {
    const { answer, lookup } = resolverThatHangs();
    try {
      const all = Array.from({ length: 8 }, () => systemResolve("shared.test"));
      const other = systemResolve("other.test");
      expect(lookup).toHaveBeenCalledTimes(2);
      answer([{ address: "93.184.216.34", family: 4 }]);
      const got = await Promise.all([...all, other]);
      expect(new Set(got).size).toBe(got.length);
      void systemResolve("shared.test");
      expect(lookup).toHaveBeenCalledTimes(3);
    } finally {
      lookup.mockRestore();
    }
  });
});
