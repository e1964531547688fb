// Every route and page is guarded: a new one without a guard fails here. A route handler file
// must build its handlers with consoleRoute/relayRoute (which run the guard), or be on the short
// list of what is open without credentials; a console page must sit under the (console) layout,
// which checks the session, or be public on purpose.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname);

function files(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, name));
    else if (e.name === name) out.push(path.relative(APP, p));
  }
  return out.sort();
}

/** Open without credentials, each for a reason. */
const OPEN_ROUTES: Record<string, string> = {
  "api/webhooks/zerohash/route.ts": "provider intake, authenticated by signature",
  "api/webhooks/pipai/route.ts": "provider intake, authenticated by signature",
  "api/health/route.ts": "health probe for load balancers",
  "api/auth/[...all]/route.ts": "better-auth's own endpoints (sign-in, sign-out, session), behind the Host check",
};
const OPEN_PAGES: Record<string, string> = {
  "login/page.tsx": "the sign-in form",
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

describe("route inventory", () => {
  const routes = files(APP, "route.ts");
  const pages = files(APP, "page.tsx");

  it("finds the routes and pages (the walk itself works)", () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(pages.length).toBeGreaterThan(12);
    for (const open of [...Object.keys(OPEN_ROUTES)]) expect(routes).toContain(open);
    for (const open of Object.keys(OPEN_PAGES)) expect(pages).toContain(open);
  });

  it.each(routes.filter((r) => !(r in OPEN_ROUTES)))("%s: every exported handler goes through the guard", (route) => {
    const src = fs.readFileSync(path.join(APP, route), "utf8");
    const exported = METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(src));
    expect(exported.length, "a route file exports at least one handler").toBeGreaterThan(0);
    for (const m of exported) {
      expect(src, `${m} must be consoleRoute(...) or relayRoute(...)`).toMatch(new RegExp(`export const ${m} = (consoleRoute|relayRoute)(<[^>]*>)?\\(`));
    }
  });

  it.each(pages.filter((p) => !(p in OPEN_PAGES)))("%s: is a console page (session-checked layout)", (page) => {
    expect(page.startsWith("(console)/"), "pages outside app/(console) are public: add them there, or to OPEN_PAGES with a reason").toBe(true);
  });

  it("the console layout checks the session, and admin pages ask for admin", () => {
    expect(fs.readFileSync(path.join(APP, "(console)/layout.tsx"), "utf8")).toContain("await requirePageSession()");
    for (const admin of ["(console)/users/page.tsx", "(console)/audit/page.tsx"]) {
      expect(fs.readFileSync(path.join(APP, admin), "utf8")).toContain('await requirePageSession("admin")');
    }
  });
});
