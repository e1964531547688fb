// The audit log: one append-only row per operator action, settings change, secret reveal or
// rotation, key and user change, and failed sign-in.
import type { Actor, Ctx } from "@/lib/auth/actor";
import type { Db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_out"
  | "delivery.retry"
  | "delivery.retry_bulk"
  | "webhook.test"
  | "destination.update"
  | "destination.pause"
  | "destination.resume"
  | "signing_secret.reveal"
  | "signing_secret.rotate"
  | "api_key.create"
  | "api_key.revoke"
  | "user.create"
  | "user.update"
  | "user.bootstrap"
  | "access.denied"
  | "anomaly.acknowledge";

export type AuditResult = "success" | "failure" | "denied";

export type AuditInput = {
  action: AuditAction;
  target?: string | null;
  result?: AuditResult;
  detail?: Record<string, unknown> | null;
};

type Who = Pick<Actor, "kind" | "id" | "label" | "role" | "ip"> | { kind: "anonymous"; id: null; label: string; role: null; ip: string | null };

export async function writeAudit(db: Db, who: Who, e: AuditInput, at = new Date()): Promise<void> {
  await db.auditLog.create({
    data: {
      id: uuidv7(at.getTime()),
      at,
      actorType: who.kind,
      actorId: who.id,
      actorLabel: who.label.slice(0, 320),
      role: who.role,
      action: e.action,
      target: e.target?.slice(0, 500) ?? null,
      result: e.result ?? "success",
      detail: e.detail ? JSON.stringify(e.detail) : null,
      ip: who.ip,
    },
  });
}

/** Records an action of the context's actor. */
export function audit(ctx: Ctx, e: AuditInput): Promise<void> {
  return writeAudit(ctx.db, ctx.actor, e, ctx.now);
}
