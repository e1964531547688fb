// The anomalies list: data that raises an anomaly shows up on /anomalies (live), an operator
// acknowledges it with a note, a viewer cannot; the main nav fits at 1440 px with the admin links
// in the user menu.
import type { APIRequestContext } from "@playwright/test";
import { expect as baseExpect, test } from "../fixtures";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory, type StoryEvent } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";

test.describe.configure({ timeout: 60_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

async function send(request: APIRequestContext, events: StoryEvent[]) {
  for (const ev of events) {
    const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body });
    expect(res.status()).toBe(200);
  }
}

/**
 * A settled operation that then reports failed: two terminal statuses. Dated a minute ago, so it
 * does not sort above the operations other specs create "now".
 */
function twoTerminal() {
  const start = Date.now() - 60_000;
  const story = zerohashStory({ start: new Date(start) });
  const settled = story.events[7]!;
  const failed: StoryEvent = {
    ...settled,
    notificationId: crypto.randomUUID(),
    body: JSON.stringify({ ...JSON.parse(settled.body), status: "failed", status_reason: "all_rejected", updated_at: new Date(start + 10_000).toISOString() }),
  };
  return { ids: story.ids, events: [...story.events, failed] };
}

test.describe("operator", () => {
  test.use({ role: "operator" });

  test("a raised anomaly appears live, links to its entity, and is acknowledged with a note", async ({ page, request }) => {
    // the list is fetched by the browser after the page renders: the anomaly is raised only once
    // that fetch has answered, so it is new to the list (and not already in it)
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/console/anomalies" && r.ok());
    await page.goto("/anomalies?rule=two_terminal_statuses");
    await listed;
    await expect(page.getByRole("heading", { name: "Anomalies", level: 1 })).toBeVisible();
    await expect(page.getByTestId("filter-rule")).toHaveValue("two_terminal_statuses");

    const { ids, events } = twoTerminal();
    await send(request, events);
    // the open list announces the new row; a click shows it
    const row = page.getByTestId("anomaly-row").filter({ hasText: ids.operation.slice(0, 8) });
    await expect(row).toHaveCount(0);
    await page.getByTestId("new-rows-banner").click();
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("anomaly-state")).toHaveText("open");
    await expect(row).toContainText("failed after settled");

    await row.getByTestId("select-row").check();
    await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
    const dialog = page.getByTestId("acknowledge-dialog");
    // Escape closes the dialog and gives focus back to the button that opened it
    await page.getByTestId("acknowledge").focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("acknowledge-note")).toBeFocused();
    await expect(dialog.getByRole("textbox", { name: /^Note/ })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("acknowledge")).toBeFocused();

    await page.getByTestId("acknowledge").click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("acknowledge-submit")).toBeDisabled();
    await dialog.getByTestId("acknowledge-note").fill("zerohash confirmed the late failed event is spurious");
    await dialog.getByTestId("acknowledge-submit").click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("acknowledge-result")).toHaveText("1 acknowledged");
    await expect(row.getByTestId("anomaly-state")).toHaveText("acknowledged");
    await expect(row.getByTestId("anomaly-note")).toContainText("zerohash confirmed the late failed event is spurious");
    await expect(row.getByTestId("select-row")).toHaveCount(0);

    // it left the open tab for the acknowledged one
    await page.getByTestId("state-tab-open").click();
    await expect(page).toHaveURL(/state=open/);
    await expect(page.getByTestId("anomaly-row").filter({ hasText: ids.operation.slice(0, 8) })).toHaveCount(0);
    await page.getByTestId("state-tab-acknowledged").click();
    await expect(page.getByTestId("anomaly-row").filter({ hasText: ids.operation.slice(0, 8) })).toHaveCount(1);

    // the row opens its operation
    await page.getByTestId("anomaly-row").filter({ hasText: ids.operation.slice(0, 8) }).getByTestId("anomaly-entity").click();
    await expect(page).toHaveURL(new RegExp(`/operations/${ids.operation}$`));
  });
});

test.describe("viewer", () => {
  test.use({ role: "viewer" });

  test("sees anomalies but cannot select or acknowledge them", async ({ page, request }) => {
    const { ids, events } = twoTerminal();
    await send(request, events);
    await page.goto("/anomalies?rule=two_terminal_statuses&state=open");
    await expect(page.getByTestId("anomaly-row").filter({ hasText: ids.operation.slice(0, 8) })).toHaveCount(1);
    await expect(page.getByTestId("select-row")).toHaveCount(0);
    await expect(page.getByTestId("acknowledge")).toHaveCount(0);
    await expect(page.getByTestId("acknowledge-role-note")).toContainText("needs the operator role");
  });
});

test("at 1440 px the main nav fits without sideways scrolling; admin pages are in the user menu", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/anomalies");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByTestId("nav-anomalies")).toHaveAttribute("aria-current", "page");
  // measured in the console's own font, not the fallback shown until it loads
  await page.evaluate(() => document.fonts.ready);
  const overflow = await nav.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByTestId("nav-users")).toHaveCount(0);
  await page.getByTestId("user-menu-button").click();
  const menu = page.getByTestId("user-menu");
  for (const name of ["Settings", "API", "Users", "Audit log"]) await expect(menu.getByRole("link", { name, exact: true })).toBeVisible();
  // Escape from inside the menu closes it and gives focus back to its button
  await menu.getByRole("link", { name: "Settings", exact: true }).focus();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(page.getByTestId("user-menu-button")).toBeFocused();
  await expect(page.getByTestId("user-menu-button")).toHaveAttribute("aria-expanded", "false");
  await page.getByTestId("user-menu-button").click();
  await menu.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByTestId("user-menu")).toBeHidden();
});
