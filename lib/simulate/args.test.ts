import { describe, expect, it } from "vitest";
import { parseSimulateArgs } from "./args";

const parse = (...argv: string[]) => parseSimulateArgs(argv, { PORT: "4100" }, () => 77);
const message = (...argv: string[]) => {
  const r = parse(...argv);
  return !r.ok && !r.help ? r.message : null;
};

describe("simulate arguments", () => {
  it("defaults to this machine's PORT, 10/s for 30 s, clean traffic, a random seed", () => {
    const r = parse();
    expect(r.ok && r.options).toEqual({ url: new URL("http://localhost:4100"), rate: 10, duration: 30, count: null, outOfOrder: false, duplicates: 0, drop: 0, badSignatures: 0, stale: 0, seed: 77 });
  });

  it("reads every option, shares as fractions or percentages", () => {
    const r = parse("--url", "http://127.0.0.1:3000", "--rate", "20", "--duration", "60", "--out-of-order", "--duplicates", "10%", "--drop", "0.05", "--bad-signatures", "0.1", "--stale", "2.5%", "--seed", "9", "--count", "500");
    expect(r.ok && r.options).toEqual({ url: new URL("http://127.0.0.1:3000"), rate: 20, duration: 60, count: 500, outOfOrder: true, duplicates: 0.1, drop: 0.05, badSignatures: 0.1, stale: 0.025, seed: 9 });
    expect(parse("--url", "http://[::1]:3000").ok).toBe(true);
  });

  it("asks for help with --help or -h", () => {
    expect(parse("--help")).toEqual({ ok: false, help: true });
    expect(parse("-h")).toEqual({ ok: false, help: true });
  });

  it("refuses bad values with a message naming the option", () => {
    expect(message("--rate", "abc")).toMatch(/^--rate must be a number above 0/);
    expect(message("--rate", "0")).toMatch(/^--rate/);
    expect(message("--count", "1.5")).toMatch(/^--count must be a whole number/);
    expect(message("--duplicates", "1.2")).toMatch(/^--duplicates must be a share/);
    expect(message("--drop=-1%")).toMatch(/^--drop must be a share/);
    expect(message("--bad-signatures", "0.6", "--stale", "0.6")).toMatch(/together cannot exceed 1/);
    expect(message("--seed", "x")).toMatch(/^--seed/);
    expect(message("--url", "nope")).toMatch(/^--url is not a URL/);
    expect(message("--url", "ftp://localhost/")).toMatch(/http or https/);
    expect(message("--bogus")).toMatch(/bogus/);
    expect(message("extra")).toMatch(/unexpected argument "extra"/);
    expect(message("--rate")).toMatch(/rate/);
  });

  it("sends only to this machine", () => {
    expect(message("--url", "http://example.com:3000")).toMatch(/must be on this machine/);
    expect(message("--url", "http://10.0.0.5:3000")).toMatch(/must be on this machine/);
  });
});
