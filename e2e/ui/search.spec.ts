import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";
import { expect, test } from "../fixtures";

test("global search: Ctrl-K, an exact id jumps to its page, a prefix lists candidates", async ({ page, request }) => {
  const story = zerohashStory({ start: new Date() });
  for (const ev of story.events) {
    expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);
  }
  await page.goto("/deliveries");
  // the shortcut works once the page is hydrated: pressed before that, it is pressed again
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(page.getByTestId("global-search")).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.getByTestId("global-search").fill(story.ids.operation.slice(0, 10));
  await expect(page.getByTestId("search-hit").filter({ hasText: story.ids.operation }).first()).toBeVisible();
  await page.getByTestId("global-search").fill(story.ids.operation);
  await page.getByTestId("global-search").press("Enter");
  await expect(page).toHaveURL(new RegExp(`/operations/${story.ids.operation}$`));
});
