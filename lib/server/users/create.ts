import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUserBody, type UserView } from "@/lib/schemas/access";
import { isUniqueViolation } from "@/lib/server/prisma-errors";
import { audit } from "@/lib/server/audit/record";
import { checkedPasswordHash } from "./password";
import { userView } from "./view";

/** The user row and its better-auth credential account, in one transaction. */
export async function insertUser(db: Db, u: { email: string; name: string; role: Role; passwordHash: string }) {
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { id, email: u.email, name: u.name, role: u.role, emailVerified: true } });
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: u.passwordHash } });
      return user;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `A user with email ${u.email} already exists`);
    throw e;
  }
}

export async function createUser(ctx: Ctx, body: unknown): Promise<UserView> {
  const b = createUserBody.parse(body);
  const passwordHash = await checkedPasswordHash(b.password);
  const user = await insertUser(ctx.db, { email: b.email, name: b.name || b.email.split("@")[0]!, role: b.role, passwordHash });
  await audit(ctx, { action: "user.create", target: b.email, detail: { role: b.role } });
  return userView(user);
}
