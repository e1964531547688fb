// raw read → verify → parse → one transaction (event + projection + relay delivery + inbound row).
// Every request ends in exactly one inbound-log row, whatever happens.
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isUniqueViolation } from "@/lib/server/prisma-errors";
import { insertRow } from "@/lib/server/sql/insert";
import { enqueueDelivery } from "@/lib/server/relay/outbox";
import { bodyForStorage, readBodyCapped } from "./read-body";
import type { ProviderAdapter } from "./types";

export type IntakeOutcome =
  | { kind: "accepted"; inboundId: string; eventId: string }
  | { kind: "duplicate"; inboundId: string }
  | { kind: "rejected"; inboundId: string; status: 400 | 401 | 413; reason: string }
  /** Storage failed: nothing was committed, the provider gets a 5xx and retries. */
  | { kind: "error"; inboundId: string | null };

type Meta = ReturnType<ProviderAdapter<unknown>["meta"]>;

export async function ingest<T>(
  provider: ProviderAdapter<T>,
  req: Request,
  clock: () => number = Date.now,
): Promise<IntakeOutcome> {
  const env = getEnv();
  const db = await getDb();
  const meta: Meta = provider.meta(req.headers);
  const headers = JSON.stringify(provider.redact(req.headers));
  const receivedAt = new Date(clock());

  const logRejection = async (status: 400 | 401 | 413, reason: string, rawBody = "", bodyEncoding = "utf8") => {
    const row = await db.inboundRequest.create({
      data: {
        provider: provider.name,
        payloadType: meta.payloadType,
        externalId: meta.externalId,
        deliveryId: meta.deliveryId ?? null,
        deliveryAttempt: meta.deliveryAttempt ?? null,
        receivedAt,
        outcome: "rejected",
        httpStatus: status,
        reason,
        headers,
        rawBody,
        bodyEncoding,
      },
      select: { id: true },
    });
    return { kind: "rejected", inboundId: row.id, status, reason } as const;
  };

  const body = await readBodyCapped(req);
  if (!body.ok) return logRejection(413, `body larger than 1 MiB (${body.seen || req.headers.get("content-length")} bytes); not stored`);
  const stored = bodyForStorage(body.bytes);

  const verified = provider.verify(body.bytes, req.headers, env, clock());
  if (!verified.ok) return logRejection(401, verified.reason, stored.text, stored.encoding);

  if (!meta.payloadType) return logRejection(400, "missing payload type header", stored.text, stored.encoding);
  if (!meta.externalId) return logRejection(400, "missing notification id header", stored.text, stored.encoding);
  if (stored.encoding !== "utf8") return logRejection(400, "body is not valid UTF-8 JSON", stored.text, stored.encoding);

  let json: unknown;
  try {
    json = JSON.parse(stored.text);
  } catch (e) {
    return logRejection(400, `body is not JSON: ${(e as Error).message}`, stored.text);
  }
  const parsed = provider.parse(meta.payloadType, json);
  if (!parsed.ok) return logRejection(400, parsed.reason, stored.text);
  const disagreement = provider.consistency?.(parsed.value, meta) ?? null;
  if (disagreement) return logRejection(400, disagreement, stored.text);

  const record = provider.record(parsed.value, meta.payloadType);
  const inboundBase = {
    provider: provider.name,
    payloadType: meta.payloadType,
    externalId: meta.externalId,
    deliveryId: meta.deliveryId ?? null,
    deliveryAttempt: meta.deliveryAttempt ?? null,
    receivedAt,
    headers,
    rawBody: stored.text,
  };

  try {
    return await db.$transaction(async (tx) => {
      // The unique (provider, externalId) is the idempotency check: a duplicate throws here
      // and the whole transaction rolls back, so a duplicate can change nothing.
      const event = { id: randomUUID() };
      await insertRow(tx, "Event", { id: event.id, provider: provider.name, externalId: meta.externalId!, ...record, receivedAt, payload: stored.text });
      await provider.project(tx, record, parsed.value, { receivedAt });
      await enqueueDelivery(tx, {
        eventId: event.id,
        type: record.type,
        source: provider.name,
        receivedAt,
        rawPayload: stored.text,
        operationId: record.operationId,
        strategyId: record.strategyId,
      });
      const inbound = { id: randomUUID() };
      await insertRow(tx, "InboundRequest", { id: inbound.id, ...inboundBase, outcome: "accepted", httpStatus: 200, eventId: event.id });
      return { kind: "accepted", inboundId: inbound.id, eventId: event.id } as const;
    });
  } catch (e) {
    // Nothing was committed: log the request as an error and answer 5xx so the provider retries.
    const storageError = async (what: string, reason: string) => {
      console.error(`[intake] ${provider.name} ${meta.externalId}: ${what}`, (e as Error).message);
      const row = await db.inboundRequest
        .create({ data: { ...inboundBase, outcome: "error", httpStatus: 500, reason }, select: { id: true } })
        .catch(() => null);
      return { kind: "error", inboundId: row?.id ?? null } as const;
    };
    if (!isUniqueViolation(e)) return storageError("storage failed", "storage failed; nothing committed, provider will retry");
    const original = await db.event.findUnique({
      where: { provider_externalId: { provider: provider.name, externalId: meta.externalId } },
      select: { id: true },
    });
    // A unique violation that is not this event's own id (a projection row clashing) is no duplicate.
    if (!original) return storageError("unique violation without a stored event", "conflict while storing; nothing committed, provider will retry");
    const inbound = await db.inboundRequest.create({
      data: { ...inboundBase, outcome: "duplicate", httpStatus: 200, eventId: original.id, reason: "notification id already received" },
      select: { id: true },
    });
    return { kind: "duplicate", inboundId: inbound.id };
  }
}

export function outcomeToResponse(o: IntakeOutcome): Response {
  switch (o.kind) {
    case "accepted":
      return Response.json({ received: true, id: o.inboundId });
    case "duplicate":
      return Response.json({ received: true, duplicate: true, id: o.inboundId });
    case "rejected":
      return Response.json({ received: false, error: o.reason, id: o.inboundId }, { status: o.status });
    case "error":
      return Response.json({ received: false, error: "temporary storage failure, retry later" }, { status: 503 });
  }
}
