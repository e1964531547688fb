import { describe, expect, it } from "vitest";
import { demoReply, demoSecrets, fateOf, parseDemoArgs } from "./plan";

describe("parseDemoArgs", () => {
  it("has defaults and reads every option", () => {
    expect(parseDemoArgs([])).toEqual({ ok: true, options: { port: 3000, rate: 5, duration: 600, failShare: 0.2, goneShare: 0.05, stuckShare: 0.05 } });
    expect(parseDemoArgs(["--port", "4100", "--rate", "20", "--duration", "60", "--fail", "30%", "--gone", "0", "--stuck", "0.1"])).toEqual({
      ok: true,
      options: { port: 4100, rate: 20, duration: 60, failShare: 0.3, goneShare: 0, stuckShare: 0.1 },
    });
    expect(parseDemoArgs(["--help"])).toEqual({ ok: false, help: true });
  });

  it("refuses bad options with a message", () => {
    for (const argv of [["--port", "0"], ["--port", "3.5"], ["--rate", "abc"], ["--rate", ""], ["--fail", "1.5"], ["--stuck", "0.8", "--gone", "0.3"], ["--stuck", "-1"], ["--nope"], ["extra"]]) {
      const r = parseDemoArgs(argv);
      expect(r.ok, argv.join(" ")).toBe(false);
      expect(r.ok === false && !r.help && r.message.length > 0).toBe(true);
    }
  });
});

describe("demoReply", () => {
  const o = { failShare: 0.2, goneShare: 0.1, stuckShare: 0.1 };
  it("gives each delivery one fate: a Gone delivery is Gone on every attempt", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `wh-${i}`);
    const gone = ids.filter((id) => demoReply(id, 0.99, o).status === 410);
    expect(gone.length / ids.length).toBeGreaterThan(0.07);
    expect(gone.length / ids.length).toBeLessThan(0.13);
    for (const id of gone.slice(0, 20)) expect(demoReply(id, 0.5, o).status).toBe(410);
    const stuck = ids.filter((id) => fateOf(id) >= 0.1 && fateOf(id) < 0.2);
    expect(stuck.length).toBeGreaterThan(100);
    for (const id of stuck.slice(0, 20)) expect(demoReply(id, 0.99, o).status).toBe(500);
    expect(fateOf("same")).toBe(fateOf("same"));
  });

  it("fails the chosen share of the other attempts with 500 and answers 200 otherwise", () => {
    const healthy = Array.from({ length: 200 }, (_, i) => `ok-${i}`).find((id) => fateOf(id) >= o.goneShare + o.stuckShare)!;
    expect(demoReply(healthy, 0.1, o).status).toBe(500);
    expect(demoReply(healthy, 0.2, o).status).toBe(200);
    expect(demoReply(undefined, 0.5, o).status).toBe(200);
    expect(demoReply(healthy, 0.5, { failShare: 0, goneShare: 0, stuckShare: 0 }).status).toBe(200);
  });
});

describe("demoSecrets", () => {
  it("makes fresh credentials every run, long enough for the password rules", () => {
    const a = demoSecrets();
    const b = demoSecrets();
    expect(a.adminPassword).not.toBe(b.adminPassword);
    expect(a.adminPassword.length).toBeGreaterThanOrEqual(12);
    expect(a.zerohashSecret).not.toBe(b.zerohashSecret);
  });
});
