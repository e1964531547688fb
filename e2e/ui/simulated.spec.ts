// Demo-style traffic from the simulator's own generator fills the console: strategies, operations,
// the inbound log with rejections, the overview.
import { traffic } from "../../lib/simulate/traffic";
import { E2E_PIPAI_SECRET, E2E_PIPAI_WEBHOOK_ID, E2E_SECRET } from "../constants";
import { expect, test } from "../fixtures";

test("simulated traffic (duplicates, bad signatures, out of order) fills the console", async ({ page, request }) => {
  test.setTimeout(90_000);
  const sent: { kind: string; status: number }[] = [];
  const gen = traffic({
    zerohashSecret: E2E_SECRET,
    pipai: { webhookId: E2E_PIPAI_WEBHOOK_ID, secret: E2E_PIPAI_SECRET },
    duplicates: 0.1,
    drop: 0,
    badSignatures: 0.1,
    stale: 0,
    outOfOrder: true,
    seed: 7,
    toleranceSeconds: 300,
  });
  for (const r of gen) {
    if (sent.length >= 80) break;
    const res = await request.post(r.path, { headers: r.headers, data: r.body });
    sent.push({ kind: r.kind, status: res.status() });
  }
  // what the simulator meant to fail failed, and the rest was accepted
  for (const s of sent) expect([s.kind, s.status < 300]).toEqual([s.kind, s.kind !== "bad-signature"]);
  expect(sent.some((s) => s.kind === "bad-signature")).toBe(true);

  await page.goto("/strategies");
  await expect(page.getByTestId("strategy-row").first()).toBeVisible();
  await page.goto("/operations");
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await page.goto("/inbound?outcome=rejected");
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await page.goto("/");
  await expect(page.getByTestId("tile-inbound")).toContainText("rejected");
});
