// Sign-in and sessions: better-auth with its Prisma adapter on either database (decision 0012).
// Hookscope keeps users' roles and the disabled flag; better-auth keeps sessions, password hashes
// (scrypt) and the sign-in rate limit. Sign-up is off: admins create users.
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import type { Db } from "@/lib/db";
import type { Env } from "@/lib/env";
import { allowedOriginsFor } from "@/lib/http/origin";

/** The header the production server sets from the socket (or a trusted X-Forwarded-For); never a client's own. */
export const CLIENT_IP_HEADER = "x-hookscope-client-ip";
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
/** The one answer for a wrong email, a wrong password and a disabled user. */
export const SIGN_IN_FAILED = "Invalid email or password";

async function authSecret(db: Db, env: Env): Promise<string> {
  if (env.HOOKSCOPE_AUTH_SECRET) return env.HOOKSCOPE_AUTH_SECRET;
  const name = "auth_secret";
  const found = await db.appSecret.findUnique({ where: { name } });
  if (found) return found.value;
  // createMany + skipDuplicates is not on SQLite: a race between two first starts is settled by
  // the primary key, and both then read the winner's value
  await db.appSecret.create({ data: { name, value: randomBytes(32).toString("base64url") } }).catch(() => {});
  return (await db.appSecret.findUniqueOrThrow({ where: { name } })).value;
}

function createAuth(db: Db, env: Env, secret: string) {
  return betterAuth({
    appName: "Hookscope",
    secret,
    baseURL: env.HOOKSCOPE_PUBLIC_URL,
    basePath: "/api/auth",
    database: prismaAdapter(db, { provider: env.dbProvider === "postgres" ? "postgresql" : "sqlite" }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      expiresIn: Math.round(env.HOOKSCOPE_SESSION_HOURS * 3600),
      // sliding expiry, refreshed at most every quarter of the lifetime
      updateAge: Math.round((env.HOOKSCOPE_SESSION_HOURS * 3600) / 4),
      // every request reads the session row, so disabling a user or signing out ends access at once
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env.HOOKSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE },
      },
    },
    trustedOrigins: (request) => (request ? allowedOriginsFor(request, env) : []),
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      useSecureCookies: env.HOOKSCOPE_PUBLIC_URL?.startsWith("https://") ?? false,
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true },
      cookiePrefix: "hookscope",
    },
    telemetry: { enabled: false },
    // failed sign-ins go to the audit log; better-auth's own per-attempt warnings would only repeat them
    logger: { level: "error" },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            if (!user || user.disabledAt) throw new APIError("UNAUTHORIZED", { message: SIGN_IN_FAILED, code: "INVALID_EMAIL_OR_PASSWORD" });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Db, { key: string; auth: Promise<Auth> }>();

/** One better-auth instance per database client (tests swap databases between files). */
export function getAuth(db: Db, env: Env): Promise<Auth> {
  const key = `${env.HOOKSCOPE_PUBLIC_URL ?? ""}|${env.HOOKSCOPE_SESSION_HOURS}|${env.HOOKSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE}|${env.HOOKSCOPE_ALLOWED_HOSTS.join(",")}|${env.dbProvider}`;
  const hit = instances.get(db);
  if (hit && hit.key === key) return hit.auth;
  const auth = authSecret(db, env).then((secret) => createAuth(db, env, secret));
  auth.catch(() => instances.delete(db));
  instances.set(db, { key, auth });
  return auth;
}
