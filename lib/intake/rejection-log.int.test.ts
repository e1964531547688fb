// Each rejected webhook prints one line at the default log level: provider, reason and the id the
// sender got back. HOOKSCOPE_LOG_LEVEL=warn silences it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { providers } from "@/lib/providers/registry";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { ingest } from "./pipeline";
import type { ProviderAdapter } from "./types";

const SECRET = "zh_rejection_log_secret";
const zerohash = providers.zerohash as ProviderAdapter<unknown>;

function badlySigned() {
  const ev = zerohashStory().events[0]!;
  return new Request("http://localhost/api/webhooks/zerohash", { method: "POST", headers: zerohashHeaders({ ...ev, secret: "not_the_secret" }), body: ev.body });
}

afterEach(() => {
  delete process.env.HOOKSCOPE_LOG_LEVEL;
  resetEnvCache();
  vi.restoreAllMocks();
});

describe("rejected webhook line", () => {
  it("says provider, reason and request id once, and nothing for an accepted event", async () => {
    process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
    resetEnvCache();
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const outcome = await ingest(zerohash, badlySigned());
    expect(outcome.kind).toBe("rejected");
    if (outcome.kind !== "rejected") return;
    expect(out.mock.calls).toEqual([[`[intake] rejected zerohash: ${outcome.reason} (request ${outcome.inboundId})`]]);
    expect(outcome.reason).not.toContain(SECRET);

    out.mockClear();
    const ev = zerohashStory().events[0]!;
    const ok = await ingest(zerohash, new Request("http://localhost/", { method: "POST", headers: zerohashHeaders({ ...ev, secret: SECRET }), body: ev.body }));
    expect(ok.kind).toBe("accepted");
    expect(out).not.toHaveBeenCalled();
  });

  it("is silenced by HOOKSCOPE_LOG_LEVEL=warn", async () => {
    process.env.ZEROHASH_WEBHOOK_SECRETS = SECRET;
    process.env.HOOKSCOPE_LOG_LEVEL = "warn";
    resetEnvCache();
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await ingest(zerohash, badlySigned())).kind).toBe("rejected");
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
  });
});
