// Who may do what, decided here and nowhere else (pure: no Next, no Prisma). Routes name the
// permission they need; the route wrapper asks `can`; the UI asks the same function to hide or
// disable what the signed-in role cannot do.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Every permission and the least role that holds it. */
export const PERMISSIONS = {
  /** every console read except secrets */
  read: "viewer",
  /** retry one or many deliveries, send a test webhook, pause/resume the destination, acknowledge */
  operate: "operator",
  /** settings, callback URL, signing secret, API keys, users, audit log */
  admin: "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && RANK[role] >= RANK[PERMISSIONS[permission]];
}

/** How long a session counts as freshly signed in for revealing/rotating secrets and changing the callback URL. */
export const FRESH_SIGN_IN_MS = 15 * 60_000;
