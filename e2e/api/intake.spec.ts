import { expect, test } from "@playwright/test";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";

test("health reports a reachable database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: { provider: "sqlite", reachable: true } });
});

test("a signed zerohash event is accepted and a replay is a duplicate", async ({ request }) => {
  const ev = zerohashStory().events[0]!;
  const headers = zerohashHeaders({ ...ev, secret: E2E_SECRET });
  const first = await request.post("/api/webhooks/zerohash", { headers, data: ev.body });
  expect(first.status()).toBe(200);
  const again = await request.post("/api/webhooks/zerohash", { headers, data: ev.body });
  expect(await again.json()).toMatchObject({ received: true, duplicate: true });
});
