import type { APIRequestContext } from "@playwright/test";
import { admin, expect, test } from "../fixtures";
import { Webhook } from "standardwebhooks";
import { startReceiver } from "../../lib/testing/receiver";
import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_SECRET } from "../constants";

// The console API takes the pages' own same-origin fetches; these helpers act as the pages do.
// `connection: close`: a pooled socket idle past the server's 5 s keep-alive can be reset mid-request.
const console_ = admin;
const setCallback = async (request: APIRequestContext, url: string | null) => {
  expect((await request.post("/api/console/settings/pause", { headers: console_, data: { paused: false } })).status()).toBe(200);
  return request.patch("/api/console/settings", { headers: console_, data: { callback_url: url } });
};

test("settings: set the callback URL, send a test webhook and see the result", async ({ page, request }) => {
  const receiver = await startReceiver(() => ({ status: 200, body: "ok" }));
  try {
    await setCallback(request, null);
    await page.goto("/settings");
    await expect(page.getByTestId("send-test")).toBeDisabled();

    await page.getByTestId("callback-url").fill("ftp://nope");
    await page.getByTestId("save-destination").click();
    await expect(page.getByTestId("destination-error")).toHaveText("callback_url must be an absolute http(s) URL or null");

    await page.getByTestId("callback-url").fill(receiver.url);
    await page.getByTestId("description").fill("e2e receiver");
    await page.getByTestId("save-destination").click();
    await expect(page.getByTestId("destination-saved")).toBeVisible();

    await page.getByTestId("send-test").click();
    const result = page.getByTestId("test-result");
    await expect(result).toHaveAttribute("data-success", "true");
    await expect(page.getByTestId("test-status-code")).toHaveText("200");
    await expect(page.getByTestId("test-response-time")).toHaveText(/^\d+$/);

    const hit = receiver.hits.find((h) => JSON.parse(h.body).type === "webhook.test");
    expect(hit).toBeDefined();
    await page.getByTestId("reveal-secret").click();
    const secret = await page.getByTestId("secret-value").textContent();
    expect(new Webhook(secret!).verify(hit!.body, hit!.headers)).toMatchObject({ type: "webhook.test", source: "hookscope" });

    // a refusing receiver is shown inline with its status
    receiver.setHandler(() => ({ status: 401 }));
    await page.getByTestId("send-test").click();
    await expect(result).toHaveAttribute("data-success", "false");
    await expect(page.getByTestId("test-status-code")).toHaveText("401");

    // an unreachable receiver: no status, the transport error instead
    await receiver.close();
    await page.getByTestId("send-test").click();
    await expect(result).toHaveAttribute("data-success", "false");
    await expect(page.getByTestId("test-status-code")).toHaveText("—");
    await expect(page.getByTestId("test-error")).toContainText("ECONNREFUSED");
  } finally {
    await setCallback(request, null);
    await receiver.close();
  }
});

test("deliveries: a 410 shows under Failed; retry from the delivery page delivers it", async ({ page, request }) => {
  const receiver = await startReceiver(() => ({ status: 410 }));
  try {
    await setCallback(request, receiver.url);
    const story = zerohashStory({ start: new Date() });
    const ev = story.events[0]!;
    expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);

    const mine = async () => {
      const res = await request.get(`/api/console/deliveries?operation_id=${story.ids.operation}`, { headers: console_ });
      return ((await res.json()) as { items: { id: string; status: string }[] }).items[0];
    };
    await expect.poll(async () => (await mine())?.status, { timeout: 15_000 }).toBe("failed");
    const id = (await mine())!.id;

    await page.goto("/deliveries");
    await expect(page.getByTestId("delivery-row").first()).toBeVisible();
    await expect(page.getByTestId("destination-notice")).toHaveCount(0);
    await page.getByTestId("status-tab-failed").click();
    await expect(page).toHaveURL(/status=failed/);
    const row = page.getByTestId("delivery-row").filter({ has: page.locator(`a[href="/deliveries/${id}"]`) });
    await expect(row).toBeVisible();
    await expect(page.getByTestId("delivery-row").and(page.locator("[data-status]:not([data-status=failed])"))).toHaveCount(0);

    // the operation page lists the same delivery
    await page.goto(`/operations/${story.ids.operation}`);
    await expect(page.getByTestId("entity-deliveries-table").getByTestId("delivery-status")).toHaveText("failed");

    await page.goto(`/deliveries?status=failed`);
    await row.getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/deliveries/${id}`));
    await expect(page.getByTestId("failed-reason")).toHaveText("Receiver answered 410 Gone; retries stopped");
    await expect(page.getByTestId("attempt")).toHaveCount(1);
    await expect(page.getByTestId("entity-link")).toHaveAttribute("href", `/operations/${story.ids.operation}`);

    receiver.setHandler(() => ({ status: 200 }));
    await page.getByTestId("retry-delivery").click();
    await expect(page.getByTestId("delivery-status")).toHaveText("delivered", { timeout: 15_000 });
    await expect(page.getByTestId("attempt")).toHaveCount(2);
    await expect(page.getByTestId("attempt").first()).toHaveAttribute("data-outcome", "delivered");
    const mineHits = receiver.hits.filter((h) => JSON.parse(h.body).data.id === story.ids.operation);
    expect(mineHits).toHaveLength(2);
    expect(new Set(mineHits.map((h) => h.headers["webhook-id"])).size).toBe(1);

    // without a callback URL the page says why deliveries stay pending
    await setCallback(request, null);
    await page.goto("/deliveries");
    await expect(page.getByTestId("destination-notice")).toContainText("No callback URL is configured");
  } finally {
    await setCallback(request, null);
    await receiver.close();
  }
});
