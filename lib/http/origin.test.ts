import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { allowedOriginsFor, hostnameOf, isAllowedHost, isSameOriginRequest } from "./origin";

const env = parseEnv({ HOOKSCOPE_PUBLIC_URL: "https://hooks.example.com", HOOKSCOPE_ALLOWED_HOSTS: "ops.internal, Console.Example.NET" });

describe("hostnameOf", () => {
  it("drops the port and lower-cases", () => {
    expect(hostnameOf("LocalHost:3000")).toBe("localhost");
    expect(hostnameOf("[::1]:3000")).toBe("[::1]");
    expect(hostnameOf("example.com.")).toBe("example.com");
  });
  it("refuses malformed hosts", () => {
    for (const h of ["", "a b", "evil.com@localhost", "localhost:abc", "[::1", "x/y", "localhost:3000:1"]) expect(hostnameOf(h)).toBeNull();
  });
});

describe("isAllowedHost", () => {
  it("allows localhost, 127.0.0.1, [::1], the public URL's host and HOOKSCOPE_ALLOWED_HOSTS", () => {
    for (const h of ["localhost:3000", "127.0.0.1", "[::1]:80", "hooks.example.com", "ops.internal:8443", "console.example.net"]) expect(isAllowedHost(h, env)).toBe(true);
  });
  it("refuses any other name, a rebinding attacker's included", () => {
    for (const h of ["attacker.example", "127.0.0.1.nip.io", "hooks.example.com.evil.io", "10.0.0.5", null, undefined]) expect(isAllowedHost(h, env)).toBe(false);
  });
});

describe("isSameOriginRequest", () => {
  const req = (host: string, origin?: string) => new Request(`http://${host}/api/console/settings`, { method: "POST", headers: { host, ...(origin ? { origin } : {}) } });
  it("accepts an Origin equal to the allowed Host", () => {
    expect(isSameOriginRequest(req("localhost:3000", "http://localhost:3000"), env)).toBe(true);
    expect(isSameOriginRequest(req("hooks.example.com", "https://hooks.example.com"), env)).toBe(true);
  });
  it("refuses a foreign, missing, null or mismatched Origin", () => {
    expect(isSameOriginRequest(req("localhost:3000", "http://evil.example"), env)).toBe(false);
    expect(isSameOriginRequest(req("localhost:3000"), env)).toBe(false);
    expect(isSameOriginRequest(req("localhost:3000", "null"), env)).toBe(false);
    expect(isSameOriginRequest(req("localhost:3000", "http://localhost:4000"), env)).toBe(false);
    expect(isSameOriginRequest(req("localhost:3000", "file://localhost:3000"), env)).toBe(false);
  });
  it("refuses a same-origin request to a host that is not allowed (DNS rebinding)", () => {
    expect(isSameOriginRequest(req("attacker.example", "http://attacker.example"), env)).toBe(false);
  });
});

describe("allowedOriginsFor", () => {
  it("lists the public URL and the request's own origin when its host is allowed", () => {
    expect(allowedOriginsFor(new Request("http://localhost:3000/api/auth/sign-in/email"), env)).toEqual(["https://hooks.example.com", "http://localhost:3000", "https://localhost:3000"]);
    expect(allowedOriginsFor(new Request("http://evil.example/api/auth/sign-in/email"), env)).toEqual(["https://hooks.example.com"]);
  });
});
