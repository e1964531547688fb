// Getting around the console: cross-links, whole-row links, the trader page, the nav on a phone,
// keyboard paths, the executions-only operation page and the 404 inside the layout.
import { expect as baseExpect, test } from "../fixtures";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory, type StoryEvent } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";
import type { APIRequestContext } from "@playwright/test";

// each test walks several pages; on a shared 2-core machine one walk can near the default 30 s,
// and a list can take longer than 5 s to replace its skeleton
test.describe.configure({ timeout: 60_000 });
const expect = baseExpect.configure({ timeout: 15_000 });

async function send(request: APIRequestContext, events: StoryEvent[]) {
  for (const ev of events) {
    const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body });
    expect(res.status()).toBe(200);
  }
}

test("inbound request → its event → the event's delivery → the delivery's operation", async ({ page, request }) => {
  const { ids, events } = zerohashStory({ start: new Date() });
  await send(request, events);
  const first = events[0]!;

  await page.goto("/inbound");
  const row = page.getByTestId("inbound-row").filter({ hasText: first.notificationId.slice(0, 8) });
  await row.getByTestId("inbound-event-link").click();
  await expect(page).toHaveURL(/\/events\?q=/);
  const eventRow = page.locator(`[data-testid=event-row][data-event-id="${first.notificationId}"]`);
  await expect(eventRow).toHaveCount(1);
  await expect(page.getByRole("columnheader", { name: "Provider attempts" })).toBeVisible();

  // a click anywhere on the row opens it
  await eventRow.getByText("trade_strategy.operation.status_changed").click();
  await expect(page.getByRole("heading", { name: "Provider attempts" })).toBeVisible();
  await expect(page.getByTestId("event-inbound-link")).toBeVisible();
  await page.getByTestId("event-delivery-link").click();
  await expect(page).toHaveURL(/\/deliveries\/[0-9a-f-]+$/);

  await page.getByTestId("entity-link").click();
  await expect(page).toHaveURL(new RegExp(`/operations/${ids.operation}$`));
  await expect(page.getByTestId("operation-status")).toHaveText("settled");
});

test("the trader page, reached by a whole-row click, and the strategy page listing operations and traders", async ({ page, request }) => {
  const { ids, events } = zerohashStory({ start: new Date() });
  await send(request, events);

  // an 8-character prefix finds the trader, as the list shows it
  await page.goto(`/traders?strategy_id=${ids.strategy.slice(0, 8)}`);
  const row = page.getByTestId("trader-row");
  await expect(row).toHaveCount(1);
  await row.getByText("CUST01").click();
  await expect(page).toHaveURL(new RegExp(`/traders/${ids.trader}$`));
  await expect(page.getByTestId("trader-participant")).toHaveText("CUST01");
  await expect(page.getByTestId("trader-enrollment")).toContainText(ids.operation.slice(0, 8));
  await expect(page.getByTestId("trader-executions-table").getByTestId("trader-execution-row")).toHaveCount(1);
  await expect(page.getByTestId("trader-operations-table")).toContainText("enrollment");

  await page.getByTestId("trader-strategy-link").click();
  await expect(page).toHaveURL(new RegExp(`/strategies/${ids.strategy}$`));
  await expect(page.getByTestId("strategy-operations-table")).toContainText(ids.operation.slice(0, 8));
  await page.getByTestId("strategy-traders-table").getByTestId("trader-link").click();
  await expect(page).toHaveURL(new RegExp(`/traders/${ids.trader}$`));
});

test("an operation known only from its executions renders and names the gap", async ({ page, request }) => {
  const { ids, events } = zerohashStory({ start: new Date() });
  await send(request, events.filter((e) => e.payloadType.includes("execution")));

  await page.goto(`/operations/${ids.operation}`);
  await expect(page.getByTestId("operation-gap")).toContainText("Operation known only from its executions");
  await expect(page.getByTestId("operation-status")).toHaveText("status unknown");
  await expect(page.getByTestId("execution-card")).toHaveCount(2);
  await expect(page.getByTestId("page-error")).toHaveCount(0);
  await page.getByTestId("execution-trader-link").click();
  await expect(page).toHaveURL(new RegExp(`/traders/${ids.trader}$`));
  await expect(page.getByTestId("trader-gap")).toBeVisible();
});

test("a detail page of an unknown id shows its not-found state inside the console, not an error", async ({ page }) => {
  for (const [path, testId] of [
    ["/operations/00000000-0000-4000-8000-000000000000", "operation-not-found"],
    ["/traders/00000000-0000-4000-8000-000000000000", "trader-not-found"],
    ["/strategies/strat_no_such_one", "strategy-not-found"],
    ["/deliveries/00000000-0000-4000-8000-000000000000", "delivery-not-found"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByTestId(testId), path).toBeVisible();
    await expect(page.getByTestId("page-error")).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeVisible();
  }
});

test("at 390 px the page keeps its width and the nav opens from a Menu button", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/operations", "/inbound", "/events", "/traders"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  await expect(page.getByTestId("nav-traders")).toBeHidden();
  await page.getByTestId("nav-menu-button").click();
  await expect(page.getByTestId("nav-menu-button")).toHaveAttribute("aria-expanded", "true");
  await page.getByTestId("mobile-nav-operations").click();
  await expect(page).toHaveURL(/\/operations$/);
  await expect(page.getByTestId("mobile-nav")).toBeHidden();
});

test("keyboard: a skip link first, arrow keys across the status tabs", async ({ page }) => {
  await page.goto("/operations");
  await expect(page.getByRole("heading", { name: "Operations" })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("skip-link")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  const all = page.getByTestId("status-tab-all");
  await all.focus();
  await expect(all).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/status=validating(%2C|,)pricing(%2C|,)settling/);
  const inProgress = page.getByTestId("status-tab-validating");
  await expect(inProgress).toBeFocused();
  await expect(inProgress).toHaveAttribute("aria-selected", "true");
  await expect(inProgress).toHaveAttribute("tabindex", "0");
  await expect(all).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("status-tab-failed")).toBeFocused();
  await expect(page).toHaveURL(/status=failed/);
});

test("an unknown address shows the styled 404 inside the console; the favicon is served", async ({ page, request }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Page not found");
  await expect(page.getByTestId("brand")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeVisible();

  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
});
