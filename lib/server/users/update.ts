import type { Ctx } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { updateUserBody, type UserView } from "@/lib/schemas/access";
import { audit } from "@/lib/server/audit/record";
import { checkedPasswordHash } from "./password";
import { userView, withLastSignIn } from "./view";

/**
 * Role, disabled flag or a new password, by id or email. Disabling or a new password ends the
 * user's sessions. The last enabled admin can be neither demoted nor disabled, so the console can
 * never lock itself out.
 */
export async function updateUser(ctx: Ctx, idOrEmail: string, body: unknown): Promise<UserView> {
  const b = updateUserBody.parse(body);
  const passwordHash = b.password === undefined ? undefined : await checkedPasswordHash(b.password);
  const updated = await ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { OR: [{ id: idOrEmail }, { email: idOrEmail.toLowerCase() }] } });
    if (!user) throw new AppError("not_found", "User not found");
    const losesAdmin = user.role === "admin" && !user.disabledAt && ((b.role !== undefined && b.role !== "admin") || b.disabled === true);
    if (losesAdmin) {
      const others = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: user.id } } });
      if (others === 0) throw new AppError("conflict", "The last enabled admin cannot be demoted or disabled");
    }
    const disabledAt = b.disabled === undefined ? undefined : b.disabled ? (user.disabledAt ?? ctx.now) : null;
    await tx.user.update({ where: { id: user.id }, data: { role: b.role, disabledAt } });
    if (passwordHash) await tx.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: passwordHash } });
    if (b.disabled === true || passwordHash) await tx.session.deleteMany({ where: { userId: user.id } });
    return tx.user.findUniqueOrThrow({ where: { id: user.id }, include: withLastSignIn });
  });
  const detail: Record<string, unknown> = {};
  if (b.role !== undefined) detail.role = b.role;
  if (b.disabled !== undefined) detail.disabled = b.disabled;
  if (b.password !== undefined) detail.password = "changed";
  await audit(ctx, { action: "user.update", target: updated.email, detail });
  return userView(updated);
}
