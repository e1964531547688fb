import { expect, test } from "@playwright/test";
import { pipaiHeaders } from "../../lib/testing/sign";
import { pipaiStory } from "../../lib/testing/pipai-story";
import { E2E_PIPAI_SECRET, E2E_PIPAI_WEBHOOK_ID } from "../constants";

test("PipAI: signed event accepted, unknown subscription 401, replay is a duplicate", async ({ request }) => {
  const ev = pipaiStory().events[0]!;
  const headers = pipaiHeaders({ body: ev.body, secret: E2E_PIPAI_SECRET, webhookId: E2E_PIPAI_WEBHOOK_ID });
  expect((await request.post("/api/webhooks/pipai", { headers, data: ev.body })).status()).toBe(200);
  const again = await request.post("/api/webhooks/pipai", { headers: { ...headers, "x-pipai-delivery-attempt": "2" }, data: ev.body });
  expect(await again.json()).toMatchObject({ received: true, duplicate: true });
  const unknown = await request.post("/api/webhooks/pipai", { headers: pipaiHeaders({ body: ev.body, secret: E2E_PIPAI_SECRET, webhookId: "wh_unknown" }), data: ev.body });
  expect(unknown.status()).toBe(401);
  expect((await unknown.json()).error).toBe('unknown subscription "wh_unknown"');
});
