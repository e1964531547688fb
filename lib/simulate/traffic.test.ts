import { describe, expect, it } from "vitest";
import { parsePipaiSecrets } from "@/lib/env";
import { parsePipai, PIPAI_TYPES } from "@/lib/providers/pipai/schema";
import { verifyPipai } from "@/lib/providers/pipai/verify";
import { parseZerohash } from "@/lib/providers/zerohash/schema";
import { verifyZerohash } from "@/lib/providers/zerohash/verify";
import { traffic, type SimRequest, type TrafficOptions } from "./traffic";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const ZH = "zh_sim_secret";
const PIPAI = { webhookId: "wh_sim", secret: "pipai_sim_secret" };
const base: TrafficOptions = { zerohashSecret: ZH, pipai: PIPAI, duplicates: 0, drop: 0, badSignatures: 0, stale: 0, outOfOrder: false, seed: 7, toleranceSeconds: 300, now: () => NOW };

const take = (o: TrafficOptions, n: number) => {
  const out: SimRequest[] = [];
  for (const r of traffic(o)) {
    out.push(r);
    if (out.length === n) break;
  }
  return out;
};

function verify(r: SimRequest) {
  const raw = Buffer.from(r.body);
  const headers = new Headers(r.headers);
  if (r.provider === "zerohash") return verifyZerohash(raw, headers, { secrets: [ZH], rsaPublicKeys: [], allowLegacy: false, toleranceSeconds: 300 }, NOW);
  return verifyPipai(raw, headers, { secrets: parsePipaiSecrets(`${PIPAI.webhookId}=${PIPAI.secret}`), toleranceSeconds: 300 }, NOW);
}

describe("simulated traffic", () => {
  it("is correctly signed and parses as the providers' events, both providers in turn", () => {
    const reqs = take(base, 120);
    expect(new Set(reqs.map((r) => r.provider))).toEqual(new Set(["zerohash", "pipai"]));
    for (const r of reqs) {
      expect(verify(r), r.body).toMatchObject({ ok: true });
      if (r.provider === "zerohash") expect(parseZerohash(r.headers["x-zh-hook-payload-type"]!, JSON.parse(r.body)).ok).toBe(true);
      else {
        const parsed = parsePipai(JSON.parse(r.body));
        expect(parsed.ok).toBe(true);
        expect((PIPAI_TYPES as readonly string[]).includes(JSON.parse(r.body).type)).toBe(true);
      }
    }
    // the stories carry the scenarios ops staff look for
    const bodies = reqs.map((r) => r.body).join("\n");
    for (const s of ['"type":"top_up"', '"type":"partial_sell"', "partial_success", "participant_not_approved", "trade_strategy.trader.created", "strategy.position_closed", "backtest.job_"]) {
      expect(bodies + reqs.map((r) => JSON.stringify(r.headers)).join("\n")).toContain(s);
    }
    expect(new Set(reqs.map((r) => r.eventId)).size).toBe(reqs.length);
  });

  it("sends the chosen share of bad signatures, stale timestamps and duplicates, each failing verification for its own reason", () => {
    const n = 4000;
    const reqs = take({ ...base, badSignatures: 0.1, stale: 0.05, duplicates: 0.2, seed: 42 }, n);
    const count = (k: SimRequest["kind"]) => reqs.filter((r) => r.kind === k).length;
    const firsts = n - count("duplicate");
    expect(count("bad-signature") / firsts).toBeCloseTo(0.1, 1);
    expect(count("stale") / firsts).toBeCloseTo(0.05, 1);
    expect(count("duplicate") / count("valid")).toBeCloseTo(0.2, 1);

    for (const r of reqs) {
      const v = verify(r);
      if (r.kind === "bad-signature") expect(v.ok).toBe(false);
      else if (r.kind === "stale") expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/timestamp|window|tolerance/i) });
      else expect(v).toMatchObject({ ok: true });
    }
    // a duplicate is a redelivery of an event already sent validly: same id, same body
    const sent = new Map(reqs.filter((r) => r.kind === "valid").map((r) => [r.eventId, r.body]));
    for (const d of reqs.filter((r) => r.kind === "duplicate")) expect(sent.get(d.eventId)).toBe(d.body);
  });

  it("drops the chosen share of events, shuffles stories when asked, and replays from its seed", () => {
    const reqs = take({ ...base, drop: 0.25, seed: 3 }, 4000);
    expect(reqs.filter((r) => r.kind === "dropped").length / reqs.length).toBeCloseTo(0.25, 1);

    // the first strategy's events: the same ones, in another order
    const firstStory = (rs: SimRequest[]) => {
      const strategy = JSON.parse(rs[0]!.body).strategy_id as string;
      return rs.filter((r) => JSON.parse(r.body).strategy_id === strategy).map((r) => `${r.headers["x-zh-hook-payload-type"]} ${JSON.parse(r.body).type ?? ""} ${JSON.parse(r.body).status}`);
    };
    const inOrder = firstStory(take({ ...base, pipai: undefined }, 30));
    const shuffledStory = firstStory(take({ ...base, pipai: undefined, outOfOrder: true }, 30));
    expect(inOrder.length).toBeGreaterThanOrEqual(20);
    expect(shuffledStory).not.toEqual(inOrder);
    expect([...shuffledStory].sort()).toEqual([...inOrder].sort());

    const strip = (rs: SimRequest[]) => rs.map((r) => [r.kind, r.headers["x-zh-hook-payload-type"]]);
    expect(strip(take({ ...base, pipai: undefined, outOfOrder: true, duplicates: 0.3, seed: 9 }, 100))).toEqual(strip(take({ ...base, pipai: undefined, outOfOrder: true, duplicates: 0.3, seed: 9 }, 100)));
  });

  it("refuses to run with no secret to sign with", () => {
    expect(() => take({ ...base, zerohashSecret: undefined, pipai: undefined }, 1)).toThrow(/no provider secret/);
  });
});
