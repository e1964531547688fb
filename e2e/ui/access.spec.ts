import { zerohashHeaders } from "../../lib/testing/sign";
import { zerohashStory } from "../../lib/testing/zerohash-story";
import { E2E_PASSWORD, E2E_PORT, E2E_SECRET } from "../constants";
import { admin, emailOf, ensureUser, expect, signInContext, test } from "../fixtures";
import type { APIRequestContext } from "@playwright/test";

/** One pending delivery of a new operation (no callback URL is set, so it waits). */
async function pendingDelivery(request: APIRequestContext) {
  const story = zerohashStory({ start: new Date() });
  const ev = story.events[0]!;
  expect((await request.post("/api/webhooks/zerohash", { headers: zerohashHeaders({ ...ev, secret: E2E_SECRET }), data: ev.body })).status()).toBe(200);
  const res = await request.get(`/api/console/deliveries?operation_id=${story.ids.operation}`, { headers: admin });
  return ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
}

test.describe("signed out", () => {
  test.use({ role: null });

  test("a page sends you to /login and back; a wrong password says so", async ({ page, request }) => {
    const email = "e2e-form@example.com";
    await ensureUser(request, email, "viewer");
    await page.goto("/deliveries?status=failed");
    await expect(page).toHaveURL(/\/login\?next=%2Fdeliveries%3Fstatus%3Dfailed/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the right password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password");
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/deliveries\?status=failed$/);
    await expect(page.getByTestId("signed-in-as")).toContainText(email);
    await page.getByTestId("user-menu-button").click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/operations");
    await expect(page).toHaveURL(/\/login\?next=%2Foperations/);
  });

  test("the console refuses to be framed", async ({ page, request }) => {
    const res = await request.get("/login");
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
    // a page on another origin (localhost is not 127.0.0.1) tries to frame the sign-in page
    await page.goto(`http://localhost:${E2E_PORT}/api/health`);
    await page.setContent(`<iframe id="f" src="http://127.0.0.1:${E2E_PORT}/login" width="600" height="400"></iframe>`);
    await page.waitForTimeout(1500);
    await expect(page.frameLocator("#f").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  });
});

test.describe("viewer", () => {
  test.use({ role: "viewer" });

  test("sees deliveries but no working Retry, and no admin pages", async ({ page, request }) => {
    const id = await pendingDelivery(request);
    await page.goto(`/deliveries/${id}`);
    await expect(page.getByTestId("retry-delivery")).toBeDisabled();
    await expect(page.getByText("Needs the operator role to retry.")).toBeVisible();
    await expect(page.getByTestId("nav-users")).toHaveCount(0);
    await page.goto("/settings");
    await expect(page.getByTestId("reveal-secret")).toHaveCount(0);
    await expect(page.getByTestId("send-test")).toBeDisabled();
    await expect(page.getByTestId("api-keys")).toHaveCount(0);
  });
});

test.describe("operator", () => {
  test.use({ role: "operator" });

  test("retries a delivery, and the audit log shows it", async ({ page, request, browser, baseURL }) => {
    const id = await pendingDelivery(request);
    await page.goto(`/deliveries/${id}`);
    await page.getByTestId("retry-delivery").click();
    await expect(page.getByTestId("retry-queued")).toBeVisible();

    const adminContext = await browser.newContext();
    await ensureUser(request, emailOf("admin"), "admin");
    await signInContext(adminContext, baseURL!, emailOf("admin"));
    const auditPage = await adminContext.newPage();
    await auditPage.goto("/audit?action=delivery.retry");
    const row = auditPage.getByTestId("audit-row").filter({ hasText: id });
    await expect(row).toBeVisible();
    await expect(row).toContainText(emailOf("operator"));
    await expect(row).toContainText("operator");
    await adminContext.close();
  });
});

test.describe("admin", () => {
  test.use({ role: "admin" });

  test("creates a user on the Users page", async ({ page }) => {
    const email = `e2e-new-${Date.now()}@example.com`;
    await page.goto("/users");
    await page.getByTestId("new-user-email").fill(email);
    await page.getByTestId("new-user-role").selectOption("operator");
    await page.getByTestId("new-user-password").fill("a brand new password");
    await page.getByTestId("create-user-submit").click();
    await expect(page.getByTestId("user-created")).toContainText(email);
    const row = page.locator(`[data-testid=user-row][data-email="${email}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId("user-role")).toHaveValue("operator");
  });
});
