import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";
import { expect, test } from "../fixtures";

test("the overview opens the console with data in its charts, and its tiles link to the lists behind them", async ({ page, request }) => {
  const story = zerohashStory({ start: new Date() });
  for (const ev of story.events) {
    expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);
  }
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("chart-inbound").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("tile-inbound")).not.toContainText(/^Inbound \(24h\)0/);
  await page.getByTestId("range-1h").click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByTestId("tile-inbound")).toContainText("Inbound (1h)");
  await page.getByTestId("tile-backlog").click();
  await expect(page).toHaveURL(/\/deliveries\?status=pending/);
});
