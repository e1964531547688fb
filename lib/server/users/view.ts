import { isRole } from "@/lib/auth/roles";
import type { UserView } from "@/lib/schemas/access";

type Row = { id: string; email: string; name: string; role: string; disabledAt: Date | null; createdAt: Date; sessions?: { createdAt: Date }[] };

export function userView(u: Row): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: isRole(u.role) ? u.role : "viewer",
    disabled: u.disabledAt !== null,
    created_at: u.createdAt.toISOString(),
    last_sign_in_at: u.sessions?.[0]?.createdAt.toISOString() ?? null,
  };
}

export const withLastSignIn = { sessions: { select: { createdAt: true }, orderBy: { createdAt: "desc" as const }, take: 1 } };
