import { expect, test } from "../fixtures";
import { zerohashHeaders } from "../../lib/testing/sign";
import { shuffled, zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";

test("a shuffled lifecycle with duplicates shows the right final state, timeline and executions", async ({ page, request }) => {
  const { ids, events } = zerohashStory({ start: new Date() });
  const stream = shuffled([...events, events[1]!, events[5]!], 20261123);
  for (const ev of stream) {
    const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body });
    expect(res.status()).toBe(200);
  }

  await page.goto("/operations");
  const row = page.getByTestId("operation-row").filter({ hasText: ids.operation.slice(0, 8) });
  await expect(row).toBeVisible();
  await row.getByRole("link").first().click();

  await expect(page).toHaveURL(new RegExp(`/operations/${ids.operation}`));
  await expect(page.getByTestId("operation-status")).toHaveText("settled");
  const timeline = page.getByTestId("timeline").getByTestId("timeline-row");
  await expect(timeline).toHaveCount(4);
  for (const [i, status] of ["validating", "pricing", "settling", "settled"].entries()) {
    await expect(timeline.nth(i)).toContainText(status);
  }
  const cards = page.getByTestId("execution-card");
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText("CUST01");
  await expect(cards.nth(0)).toContainText("settled");
  await expect(cards.nth(0)).toContainText("600.00");
  await expect(cards.nth(1)).toContainText("CUST02");
  await expect(cards.nth(1)).toContainText("participant_not_approved");
});

test("a bad signature shows up in the inbound log with its reason", async ({ page, request }) => {
  const ev = zerohashStory().events[0]!;
  const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: "not-the-secret" }), data: ev.body });
  expect(res.status()).toBe(401);

  await page.goto("/inbound");
  await page.getByRole("button", { name: "Rejected" }).click();
  await expect(page).toHaveURL(/outcome=rejected/);
  const row = page.getByTestId("inbound-row").filter({ hasText: ev.notificationId.slice(0, 8) });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("inbound-reason")).toHaveText("invalid signature");
});
