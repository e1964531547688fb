// Runs before every route: refuses Host names the console does not serve (DNS rebinding), sends
// a page request without a session cookie to /login, and sets the security headers (a per-request
// CSP nonce on pages). The webhook intake is exempt: providers call it by whatever name they were
// given. The session itself is checked by the console layout and by every API route's guard.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { isAllowedHost } from "@/lib/http/origin";
import { API_CSP, commonSecurityHeaders, pageCsp } from "@/lib/http/security-headers";

const INTAKE = new Set(["/api/webhooks/zerohash", "/api/webhooks/pipai"]);
const PUBLIC_PAGES = new Set(["/login"]);
const SESSION_COOKIES = ["hookscope.session_token", "__Secure-hookscope.session_token"];

export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  if (INTAKE.has(path)) return NextResponse.next();
  const env = getEnv();
  const https = env.HOOKSCOPE_PUBLIC_URL?.startsWith("https://") ?? false;
  const withHeaders = (res: NextResponse, csp: string) => {
    for (const [k, v] of Object.entries(commonSecurityHeaders(https))) res.headers.set(k, v);
    res.headers.set("Content-Security-Policy", csp);
    return res;
  };
  if (!isAllowedHost(req.headers.get("host"), env)) {
    return withHeaders(NextResponse.json({ error: { code: "misdirected", message: "This host name is not served here (set HOOKSCOPE_PUBLIC_URL or HOOKSCOPE_ALLOWED_HOSTS)" } }, { status: 421 }), API_CSP);
  }
  if (path.startsWith("/api/")) return withHeaders(NextResponse.next(), API_CSP);

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  if (!PUBLIC_PAGES.has(path) && !SESSION_COOKIES.some((c) => req.cookies.has(c))) {
    const login = new URL("/login", req.url);
    login.searchParams.set("next", path + req.nextUrl.search);
    return withHeaders(NextResponse.redirect(login), csp);
  }
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("x-hookscope-path", path + req.nextUrl.search);
  headers.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
