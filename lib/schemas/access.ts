// Isomorphic shapes of access control: users, the current actor, API keys, the audit log.
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { pageQuery } from "./console";
import { isoDate } from "./filters";
import { pageOf } from "./page";


export const roleSchema = z.enum(ROLES);

export const AUDIT_RESULTS = ["success", "failure", "denied"] as const;

export const auditFilters = z.object({
  action: z.string().max(64).optional(),
  /** the start of the actor's email or key label */
  actor: z.string().trim().max(320).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AuditFilters = z.output<typeof auditFilters>;
export const auditQuery = auditFilters.extend(pageQuery);
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEntrySchema = z.strictObject({
  id: z.string(),
  at: z.string(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = pageOf(auditEntrySchema);

export const userSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  created_at: z.string(),
  last_sign_in_at: z.string().nullable(),
});
export type UserView = z.infer<typeof userSchema>;
export const usersSchema = z.strictObject({ users: z.array(userSchema) });
export const userAnswerSchema = z.strictObject({ user: userSchema });

export const createUserBody = z.object({
  email: z.string().trim().toLowerCase().email("email must be an email address").max(254),
  name: z.string().trim().max(100).optional(),
  role: roleSchema,
  password: z.string(),
});

export const updateUserBody = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional(), password: z.string().optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, "At least one field must be provided");

export const meSchema = z.strictObject({
  kind: z.enum(["user", "api_key", "env_key", "cli"]),
  label: z.string(),
  role: roleSchema,
  /** users: until when secrets may be revealed without signing in again */
  fresh_until: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;
