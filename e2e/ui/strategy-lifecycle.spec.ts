import { expect, test } from "../fixtures";
import { pipaiHeaders } from "../../lib/testing/sign";
import { pipaiStory, shuffledStory } from "../../lib/testing/pipai-story";
import { E2E_PIPAI_SECRET, E2E_PIPAI_WEBHOOK_ID } from "../constants";

test("a signed PipAI strategy story posted shuffled shows the right lifecycle, positions and deliveries", async ({ page, request }) => {
  const { ids, name, events } = pipaiStory({ start: new Date(Date.now() - 7_200_000) });
  const send = (ev: (typeof events)[number], attempt = 1) =>
    request.post("/api/webhooks/pipai", {
      headers: pipaiHeaders({ body: ev.body, secret: E2E_PIPAI_SECRET, webhookId: E2E_PIPAI_WEBHOOK_ID, deliveryId: `dlv_${ev.id}`, attempt }),
      data: ev.body,
    });
  for (const ev of shuffledStory(events, 424242)) expect((await send(ev)).status()).toBe(200);
  // PipAI retries the "paused" delivery: attempt 2 is a duplicate, recorded.
  const paused = events.find((e) => e.type === "strategy.paused")!;
  const dup = await send(paused, 2);
  expect(await dup.json()).toMatchObject({ received: true, duplicate: true });

  await page.goto("/strategies");
  await page.getByTestId("filter-provider").selectOption("pipai");
  await expect(page).toHaveURL(/provider=pipai/);
  await page.getByTestId("filter-q").fill(name);
  await expect(page).toHaveURL(/q=/);
  const row = page.getByTestId("strategy-row").filter({ hasText: ids.strategy });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("strategy-status")).toHaveText("stopped");
  await row.getByRole("link", { name }).click();

  await expect(page).toHaveURL(new RegExp(`/strategies/${ids.strategy}`));
  await expect(page.getByTestId("strategy-name")).toHaveText(name);
  await expect(page.getByTestId("strategy-status")).toHaveText("stopped");
  await expect(page.getByTestId("strategy-capital")).toHaveText("10000.00");
  const timeline = page.getByTestId("timeline").getByTestId("timeline-row");
  await expect(timeline).toHaveCount(4);
  for (const [i, status] of ["draft", "deployed", "paused", "stopped"].entries()) await expect(timeline.nth(i)).toContainText(status);

  const open = page.getByTestId("open-positions").getByTestId("position-row");
  await expect(open).toHaveCount(1);
  await expect(open).toContainText(ids.position2);
  const closed = page.getByTestId("closed-positions").getByTestId("position-row");
  await expect(closed).toHaveCount(1);
  await expect(closed).toContainText("3051.50");
  await expect(closed.getByTestId("position-pnl")).toHaveText("+82.20");
  await expect(page.getByTestId("closed-pnl-total")).toHaveText("+82.2");
  await expect(page.getByTestId("fills").getByTestId("fill-row")).toHaveCount(2);
  await expect(page.getByTestId("orders-table")).toContainText("partial fills");

  const pausedEvent = page.getByTestId("raw-event").filter({ hasText: paused.id });
  await pausedEvent.locator("summary").click();
  const deliveries = pausedEvent.getByTestId("delivery");
  await expect(deliveries).toHaveCount(2);
  await expect(deliveries.nth(0)).toContainText("attempt 1");
  await expect(deliveries.nth(1)).toContainText("attempt 2");
  await expect(deliveries.nth(1)).toContainText("duplicate");
  await expect(pausedEvent.getByTestId("next-retry")).toContainText("attempt 3");
});

test("the events explorer finds a PipAI event by position id, and mismatched headers are rejected", async ({ page, request }) => {
  const { ids, events } = pipaiStory({ start: new Date() });
  const opened = events.find((e) => e.type === "strategy.position_opened")!;
  const bad = await request.post("/api/webhooks/pipai", {
    headers: pipaiHeaders({ body: opened.body, secret: E2E_PIPAI_SECRET, webhookId: E2E_PIPAI_WEBHOOK_ID, eventType: "strategy.position_closed" }),
    data: opened.body,
  });
  expect(bad.status()).toBe(400);
  const ok = await request.post("/api/webhooks/pipai", { headers: pipaiHeaders({ body: opened.body, secret: E2E_PIPAI_SECRET, webhookId: E2E_PIPAI_WEBHOOK_ID }), data: opened.body });
  expect(ok.status()).toBe(200);

  await page.goto(`/events?q=${ids.position}`);
  const rows = page.getByTestId("event-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("strategy.position_opened");
  await expect(rows.first()).toContainText("pipai");
  await rows.first().getByRole("button", { name: "Details" }).click();
  // Both deliveries of this event id are listed: the one refused for its headers, then the accepted one.
  const deliveries = page.getByTestId("delivery");
  await expect(deliveries).toHaveCount(2);
  await expect(deliveries.nth(0)).toContainText("rejected");
  await expect(deliveries.nth(1)).toContainText("accepted");
});

test("backtests show their metrics or error, alerts appear in the feed, filters live in the URL", async ({ page, request }) => {
  const suffix = Date.now().toString(16).slice(-6);
  const t = new Date().toISOString();
  const post = (id: string, type: string, data: Record<string, unknown>) => {
    const body = JSON.stringify({ id, type, created_at: t, data });
    return request.post("/api/webhooks/pipai", { headers: pipaiHeaders({ body, secret: E2E_PIPAI_SECRET, webhookId: E2E_PIPAI_WEBHOOK_ID }), data: body });
  };
  expect((await post(`evt_d${suffix}`, "backtest.job_done", { job_id: `bt_ok_${suffix}`, metrics: { total_return: "0.184", sharpe: "1.92", max_drawdown: "-0.071", win_rate: "0.57", total_trades: 143, profit_factor: "1.66" } })).status()).toBe(200);
  expect((await post(`evt_f${suffix}`, "backtest.job_failed", { job_id: `bt_ko_${suffix}`, error_code: "insufficient_history", message: "not enough candles" })).status()).toBe(200);
  expect((await post(`evt_b${suffix}`, "account.balance_low", { asset: "USDT", balance: "412.50", threshold: "500.00" })).status()).toBe(200);

  await page.goto("/backtests");
  await expect(page.getByTestId("backtest-row").filter({ hasText: `bt_ok_${suffix}` })).toContainText("1.92");
  await expect(page.getByTestId("backtest-row").filter({ hasText: `bt_ko_${suffix}` })).toContainText("insufficient_history");
  await page.getByTestId("filter-status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByTestId("backtest-row").filter({ hasText: `bt_ok_${suffix}` })).toHaveCount(0);

  await page.goto("/alerts");
  await expect(page.getByTestId("alert-row").first()).toContainText("412.50");
  await expect(page.getByTestId("alert-row").first()).toContainText("500.00");

  expect((await post(`evt_s${suffix}`, "strategy.stopped", { strategy_id: `strat_stop_${suffix}`, status: "stopped" })).status()).toBe(200);
  await page.goto("/strategies?status=stopped&provider=pipai");
  await expect(page.getByTestId("strategy-row").filter({ hasText: `strat_stop_${suffix}` })).toHaveCount(1);
  await expect(page.getByTestId("filter-status")).toHaveValue("stopped");
  await expect(page.getByTestId("filter-provider")).toHaveValue("pipai");
  for (const badge of await page.getByTestId("strategy-status").all()) await expect(badge).toHaveText("stopped");
});
