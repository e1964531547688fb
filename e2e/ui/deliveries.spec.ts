import type { APIRequestContext } from "@playwright/test";
import { admin, expect, test } from "../fixtures";
import { startReceiver } from "../../lib/testing/receiver";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";

const setCallback = async (request: APIRequestContext, url: string | null) => {
  expect((await request.post("/api/console/settings/pause", { headers: admin, data: { paused: false } })).status()).toBe(200);
  expect((await request.patch("/api/console/settings", { headers: admin, data: { callback_url: url } })).status()).toBe(200);
};

test("deliveries: the Failing tab with counts, bulk retry of selected rows, and the link to the operation", async ({ page, request }) => {
  // the deliveries must first fail once each through the worker
  test.setTimeout(90_000);
  const receiver = await startReceiver(() => ({ status: 500, body: "down for the test" }));
  try {
    await setCallback(request, receiver.url);
    const story = zerohashStory({ start: new Date() });
    for (const ev of story.events) {
      expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);
    }
    const n = story.events.length;
    const scope = `strategy_id=${story.ids.strategy}`;
    const failing = async () => {
      const res = await request.get(`/api/console/deliveries?${scope}&status=failing`, { headers: admin });
      return ((await res.json()) as { items: unknown[] }).items.length;
    };
    await expect.poll(failing, { timeout: 20_000 }).toBe(n);

    await page.goto(`/deliveries?${scope}`);
    // within the visible tab list: while Next streams the page, a hidden copy can exist for a moment
    const count = (key: string) => page.getByRole("tablist", { name: "Delivery status" }).getByTestId(`status-count-${key}`);
    await expect(count("failing")).toHaveText(String(n));
    await expect(count("all")).toHaveText(String(n));
    await expect(count("pending")).toHaveText("0");
    await expect(count("failed")).toHaveText("0");

    await page.getByTestId("status-tab-failing").click();
    await expect(page).toHaveURL(/status=failing/);
    const rows = page.getByTestId("delivery-row");
    await expect(rows).toHaveCount(n);
    await expect(rows.and(page.locator(":not([data-status=failing])"))).toHaveCount(0);
    await expect(rows.first().getByTestId("delivery-progress")).toHaveText(/^attempt \d+ of 10 · next (in \d+ (s|min)|due now)$/);

    // select two rows: one with the mouse, one from the keyboard
    await rows.nth(0).getByTestId("select-row").click();
    await rows.nth(1).getByTestId("select-row").focus();
    await page.keyboard.press("Space");
    await expect(page.getByTestId("selected-count")).toHaveText("2 selected");
    const picked = [await rows.nth(0).getAttribute("data-id"), await rows.nth(1).getAttribute("data-id")];
    const before = await Promise.all(picked.map(async (id) => ((await (await request.get(`/api/console/deliveries/${id}`, { headers: admin })).json()) as { attempts: unknown[] }).attempts.length));
    await page.getByTestId("retry-selected").click();
    await expect(page.getByTestId("bulk-confirm-text")).toHaveText("Retry 2 deliveries?");
    await page.getByTestId("bulk-confirm-yes").click();
    await expect(page.getByTestId("bulk-retry-result")).toHaveText("2 deliveries queued again");
    await expect(page.getByTestId("selected-count")).toHaveText("Select deliveries to retry them together.");
    // both were sent again at once, not on their schedule
    for (const [i, id] of picked.entries()) {
      await expect
        .poll(async () => ((await (await request.get(`/api/console/deliveries/${id}`, { headers: admin })).json()) as { attempts: unknown[] }).attempts.length, { timeout: 15_000 })
        .toBeGreaterThan(before[i]!);
    }
    const audit = await request.get("/api/console/audit?action=delivery.retry_bulk", { headers: admin });
    const entries = ((await audit.json()) as { items: { detail: { ids_count?: number; count?: number } | null }[] }).items;
    expect(entries.some((e) => e.detail?.ids_count === 2 && e.detail.count === 2)).toBe(true);

    // the operation a delivery belongs to, one click away
    const toOperation = page.getByTestId("subject-link").and(page.locator("[data-kind=operation]")).first();
    await expect(toOperation).toHaveAttribute("href", `/operations/${story.ids.operation}`);
    await toOperation.click();
    await expect(page).toHaveURL(new RegExp(`/operations/${story.ids.operation}$`));
  } finally {
    await setCallback(request, null);
    await receiver.close();
  }
});

test("deliveries: arrow keys move across the status tabs, and a whole row opens its delivery", async ({ page, request }) => {
  const story = zerohashStory({ start: new Date() });
  const ev = story.events[0]!;
  expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);
  await page.goto("/deliveries");
  await page.getByTestId("status-tab-all").focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(/status=failing/);
  await expect(page.getByTestId("status-tab-failing")).toBeFocused();
  await page.keyboard.press("End");
  await expect(page).toHaveURL(/status=failed/);
  await page.keyboard.press("Home");
  await expect(page).not.toHaveURL(/status=/);
  const res = await request.get(`/api/console/deliveries?operation_id=${story.ids.operation}`, { headers: admin });
  const id = ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
  await page.goto(`/deliveries?operation_id=${story.ids.operation}`);
  await page.locator(`[data-testid=delivery-row][data-id="${id}"] td`).last().click();
  await expect(page).toHaveURL(new RegExp(`/deliveries/${id}$`));
});
