import { expect, test } from "../fixtures";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory, type StoryEvent } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";
import type { APIRequestContext, Page } from "@playwright/test";

const send = async (request: APIRequestContext, ev: StoryEvent) => {
  const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body });
  expect(res.status()).toBe(200);
};

/** Where the row of an operation stands in the list (-1: not shown). Earlier specs may leave rows
 *  dated after this test's, so order is checked between the test's own rows, never against row 1. */
const rowIndex = (page: Page, operationId: string) =>
  page.getByTestId("operation-row").evaluateAll((rows, id) => rows.findIndex((r) => r.getAttribute("data-operation-id") === id), operationId);

test.beforeEach(async ({ page }) => {
  // each test starts Live, whatever an earlier one left in this origin's storage
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("e2e-live-init")) {
      localStorage.removeItem("hookscope.live");
      sessionStorage.setItem("e2e-live-init", "1");
    }
  });
});

test("an open operations list updates a row in place and announces new rows without moving the table", async ({ page, request }) => {
  test.slow();
  const a = zerohashStory({ start: new Date() });
  await send(request, a.events[0]!);
  await page.goto("/operations");
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  const rowA = page.getByTestId("operation-row").filter({ hasText: a.ids.operation.slice(0, 8) });
  await expect(rowA).toContainText("validating");
  const before = await page.getByTestId("operation-row").count();

  await send(request, a.events[1]!);
  await expect(rowA).toContainText("pricing");
  await expect(page.getByTestId("new-rows-banner")).toHaveCount(0);

  const b = zerohashStory({ start: new Date() });
  await send(request, b.events[0]!);
  const banner = page.getByTestId("new-rows-banner");
  await expect(banner).toHaveText(/^1 new/);
  // announced, not inserted: the rows the reader is looking at stay where they are
  await expect(page.getByTestId("operation-row")).toHaveCount(before);
  const aAt = await rowIndex(page, a.ids.operation);
  expect(aAt).toBeGreaterThanOrEqual(0);
  expect(await rowIndex(page, b.ids.operation)).toBe(-1);
  await banner.click();
  await expect(page.getByTestId("operation-row")).toHaveCount(before + 1);
  // inserted where its time puts it, among the rows already there
  await expect.poll(() => rowIndex(page, b.ids.operation)).toBeGreaterThanOrEqual(0);
  expect(await rowIndex(page, a.ids.operation)).toBeGreaterThanOrEqual(0);
  await expect(banner).toHaveCount(0);
});

test("the Live/Paused toggle stops updates, is remembered, and catches up on resume", async ({ page, request }) => {
  test.slow();
  const a = zerohashStory({ start: new Date() });
  await send(request, a.events[0]!);
  await page.goto("/inbound");
  const toggle = page.getByTestId("live-toggle");
  await expect(toggle).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(toggle).toHaveAttribute("data-state", "paused");
  await page.reload();
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "paused");

  await page.getByTestId("live-toggle").click();
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  await page.getByTestId("live-toggle").click();
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "paused");
  // arrives while paused: nothing moves
  await send(request, a.events[1]!);
  await page.waitForTimeout(1_500);
  await expect(page.getByTestId("new-rows-banner")).toHaveCount(0);
  // resumed: the stream reopens from the last id it had and catches up
  await page.getByTestId("live-toggle").click();
  await expect(page.getByTestId("new-rows-banner")).toHaveText(/^1 new/, { timeout: 15_000 });
});

test("a row committed after the list loaded but before the stream began is announced", async ({ page, request }) => {
  test.slow();
  const a = zerohashStory({ start: new Date() });
  await send(request, a.events[0]!);
  // another tab keeps the server's change feed running, so the row is fanned out (and forgotten)
  // before this page's stream begins
  const other = await page.context().newPage();
  await other.goto("/operations");
  await expect(other.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  // this page's stream is held back until then: its list loads without the row, and its stream
  // begins after the row was sent
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route("**/api/console/stream*", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/operations");
  await expect(page.getByTestId("operation-row").filter({ hasText: a.ids.operation.slice(0, 8) })).toHaveCount(1);
  const before = await page.getByTestId("operation-row").count();
  const b = zerohashStory({ start: new Date() });
  await send(request, b.events[0]!);
  await expect(other.getByTestId("new-rows-banner")).toHaveText(/^1 new/, { timeout: 15_000 });
  release();
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  const banner = page.getByTestId("new-rows-banner");
  await expect(banner).toHaveText(/^1 new/, { timeout: 15_000 });
  await expect(page.getByTestId("operation-row")).toHaveCount(before);
  await banner.click();
  await expect.poll(() => rowIndex(page, b.ids.operation)).toBeGreaterThanOrEqual(0);
  await other.close();
});

test("the stream answers 401 JSON to a request without credentials", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const res = await anon.get("/api/console/stream");
  expect(res.status()).toBe(401);
  expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "Unauthorized" } });
  await anon.dispose();
});

test("a filtered list announces only the new rows that match its filters; what a message cannot tell, the server does", async ({ page, request }) => {
  test.slow();
  const banner = page.getByTestId("new-rows-banner");
  const story = () => zerohashStory({ start: new Date() });

  // the status is in the message: decided in the browser
  await page.goto("/operations?status=settled");
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  const done = story();
  const inProgress = story();
  const done2 = story();
  await send(request, done.events[7]!); // its first event says settled
  await send(request, inProgress.events[0]!); // validating: not this list's
  await send(request, done2.events[7]!);
  await expect(banner).toHaveText(/^2 new/);
  await page.waitForTimeout(1_500);
  await expect(banner).toHaveText(/^2 new/);
  await banner.click();
  await expect(page.getByTestId("operation-row").filter({ hasText: done2.ids.operation.slice(0, 8) })).toHaveCount(1);
  await expect(page.getByTestId("operation-row").filter({ hasText: done.ids.operation.slice(0, 8) })).toHaveCount(1);
  await expect(page.getByTestId("operation-row").filter({ hasText: inProgress.ids.operation.slice(0, 8) })).toHaveCount(0);

  // the type is not in the message: the head of the list answers
  await page.goto("/operations?type=top_up");
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  await send(request, story().events[0]!); // an enrollment
  await page.waitForTimeout(3_000);
  await expect(banner).toHaveCount(0);
  await page.goto("/operations?type=enrollment");
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-state", "live", { timeout: 15_000 });
  await send(request, story().events[0]!);
  await expect(banner).toHaveText(/^1 new/);

  // a filter the URL gets wrong is not applied, and the page says so
  await page.goto("/operations?operation_id=abc");
  await expect(page.getByTestId("ignored-filters")).toContainText("operation_id needs at least 8 characters");
  await expect(page.getByTestId("filter-operation")).toHaveValue("abc");
});
