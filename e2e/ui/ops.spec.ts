// Data lifecycle in the console: an expanded inbound row fetches its headers and body (list rows
// carry neither), a large rejected body shows as truncated with its length and hash, and Settings
// shows the retention windows and the prune schedule.
import { createHash } from "node:crypto";
import { zerohashHeaders } from "@/lib/testing/sign";
import { zerohashStory } from "@/lib/testing/zerohash-story";
import { expect, test } from "../fixtures";

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

// each test walks the page at two widths
test.describe.configure({ timeout: 90_000 });

test("an expanded rejected row loads its headers and its body, truncated to 8 KiB", async ({ page, request }) => {
  const ev = zerohashStory().events[0]!;
  const body = ev.body.replace(/}\s*$/, `,"pad":"${"x".repeat(20_000)}"}`);
  const res = await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, body, secret: "not-the-secret" }), data: body });
  expect(res.status()).toBe(401);

  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/inbound?outcome=rejected");
    const row = page.getByTestId("inbound-row").filter({ hasText: ev.notificationId.slice(0, 8) });
    const detailLoaded = page.waitForResponse((r) => /\/api\/console\/inbound\/[0-9a-f-]+$/.test(new URL(r.url()).pathname) && r.status() === 200);
    await row.click();
    await detailLoaded;
    const detail = page.getByTestId("inbound-detail").first();
    await expect(detail.getByTestId("inbound-headers")).toContainText("[redacted]");
    const note = detail.getByTestId("truncated-note");
    await expect(note).toContainText(`${Buffer.byteLength(body).toLocaleString("en-US")} bytes`);
    await expect(note).toContainText(createHash("sha256").update(body).digest("hex"));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/inbound-${width}.png`, fullPage: true });
  }
});

test("Settings shows the retention windows, the oldest row kept and the next prune", async ({ page }) => {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/settings");
    const panel = page.getByTestId("retention");
    await expect(panel.getByTestId("retention-rejected")).toHaveText("7 days");
    // the e2e server runs the worker, hence the pruner: a time, not "in the worker process"
    await expect(panel.getByTestId("retention-next")).not.toContainText("worker process");
    if (SHOTS) {
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/settings-${width}.png`, fullPage: true });
    }
  }
});
