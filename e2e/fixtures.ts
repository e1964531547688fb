// Signed-in browser contexts without the form: a user per role is created through the admin API
// (HOOKSCOPE_API_KEYS), signed in once per context through better-auth's endpoint, and the session
// cookie lands in the context. `test.use({ role: "viewer" })` picks the role; null stays signed out.
import { test as base, expect, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { E2E_API_KEY, E2E_PASSWORD } from "./constants";

export type Role = "viewer" | "operator" | "admin";
export const admin = { authorization: `Bearer ${E2E_API_KEY}`, connection: "close" };
export const emailOf = (role: Role) => `e2e-${role}@example.com`;

const created = new Set<string>();

export async function ensureUser(request: APIRequestContext, email: string, role: Role) {
  if (created.has(email)) return;
  const res = await request.post("/api/console/users", { headers: admin, data: { email, role, password: E2E_PASSWORD } });
  // 409: an earlier worker or retry made it
  expect([200, 409]).toContain(res.status());
  created.add(email);
}

export async function signInContext(context: BrowserContext, baseURL: string, email: string) {
  const res = await context.request.post("/api/auth/sign-in/email", { headers: { origin: baseURL, connection: "close" }, data: { email, password: E2E_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
}

export const test = base.extend<{ role: Role | null }>({
  role: ["admin", { option: true }],
  context: async ({ context, role, request, baseURL }, provide) => {
    if (role) {
      await ensureUser(request, emailOf(role), role);
      await signInContext(context, baseURL!, emailOf(role));
    }
    await provide(context);
  },
});

export { expect };
