-- CreateTable
CREATE TABLE "InboundTally" (
    "size" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InboundTally_pkey" PRIMARY KEY ("size","bucket","provider","outcome","slot")
);

-- CreateTable
CREATE TABLE "DeliveryTally" (
    "status" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeliveryTally_pkey" PRIMARY KEY ("status","eventType","slot")
);

-- CreateTable
CREATE TABLE "AttemptTally" (
    "size" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AttemptTally_pkey" PRIMARY KEY ("size","bucket","outcome","slot")
);

-- CreateIndex
CREATE INDEX "Delivery_status_createdAt_idx" ON "Delivery"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Delivery_eventType_createdAt_idx" ON "Delivery"("eventType", "createdAt");

-- CreateIndex
CREATE INDEX "Delivery_isTest_createdAt_idx" ON "Delivery"("isTest", "createdAt");

-- CreateIndex
CREATE INDEX "Event_type_receivedAt_idx" ON "Event"("type", "receivedAt");

-- CreateIndex
CREATE INDEX "Event_provider_receivedAt_idx" ON "Event"("provider", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundRequest_provider_receivedAt_idx" ON "InboundRequest"("provider", "receivedAt");

-- CreateIndex
CREATE INDEX "Operation_type_updatedAt_idx" ON "Operation"("type", "updatedAt");

-- CreateIndex
CREATE INDEX "Trader_receivedAt_idx" ON "Trader"("receivedAt");

-- DeliveryTally: GET /api/webhooks total without counting rows (prisma/models/relay.prisma).
-- Triggers keep it in the transaction of every change to Delivery, whoever makes it. Each
-- (status, eventType) is spread over 16 slots by a hash of the delivery id, so concurrent
-- transactions seldom wait on the same row: "& 15" keeps the slot in 0..15 for negative hashes.
-- The triggers run once per statement over its transition tables and touch the tally rows in one
-- sorted order, so two statements changing many deliveries (a bulk retry, the worker) cannot
-- deadlock on them.
INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
SELECT "status", "eventType", hashtext("id") & 15, COUNT(*) FROM "Delivery" GROUP BY 1, 2, 3;

CREATE FUNCTION "Delivery_tally_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
    SELECT "status", "eventType", hashtext("id") & 15, COUNT(*) FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "DeliveryTally"."count" + excluded."count";
  RETURN NULL;
END
$$;

CREATE FUNCTION "Delivery_tally_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
    SELECT "status", "eventType", slot, SUM(d) FROM (
      SELECT "status", "eventType", hashtext("id") & 15 AS slot, 1 AS d FROM new_rows
      UNION ALL
      SELECT "status", "eventType", hashtext("id") & 15 AS slot, -1 AS d FROM old_rows
    ) AS change
    GROUP BY 1, 2, 3 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "DeliveryTally"."count" + excluded."count";
  RETURN NULL;
END
$$;

CREATE FUNCTION "Delivery_tally_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
    SELECT "status", "eventType", hashtext("id") & 15, -COUNT(*) FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "DeliveryTally"."count" + excluded."count";
  RETURN NULL;
END
$$;

CREATE TRIGGER "Delivery_tally_insert" AFTER INSERT ON "Delivery"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Delivery_tally_insert"();

CREATE TRIGGER "Delivery_tally_update" AFTER UPDATE ON "Delivery"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Delivery_tally_update"();

CREATE TRIGGER "Delivery_tally_delete" AFTER DELETE ON "Delivery"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Delivery_tally_delete"();

-- InboundTally and AttemptTally: the overview's counts per 5-minute and hourly bucket without
-- counting rows (prisma/models). Rows are append-only, retention deletes them: an insert counts
-- one, a delete takes one off. Bucket = unix seconds of the time (UTC, as stored), divided by the
-- bucket size. 8 slots by a hash of the row id, tally rows touched in one sorted order per
-- statement (as DeliveryTally).
INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, COUNT(*)
FROM "InboundRequest" r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "AttemptTally" ("size", "bucket", "outcome", "slot", "count")
SELECT s.size, floor(extract(epoch FROM a."startedAt") / s.size)::int, a."outcome", hashtext(a."id") & 7, COUNT(*)
FROM "DeliveryAttempt" a CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4;

CREATE FUNCTION "InboundRequest_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, COUNT(*)
      FROM new_rows r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + excluded."count";
  ELSE
    INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, -COUNT(*)
      FROM old_rows r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + excluded."count";
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION "DeliveryAttempt_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "AttemptTally" ("size", "bucket", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM a."startedAt") / s.size)::int, a."outcome", hashtext(a."id") & 7, COUNT(*)
      FROM new_rows a CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT ("size", "bucket", "outcome", "slot") DO UPDATE SET "count" = "AttemptTally"."count" + excluded."count";
  ELSE
    INSERT INTO "AttemptTally" ("size", "bucket", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM a."startedAt") / s.size)::int, a."outcome", hashtext(a."id") & 7, -COUNT(*)
      FROM old_rows a CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT ("size", "bucket", "outcome", "slot") DO UPDATE SET "count" = "AttemptTally"."count" + excluded."count";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "InboundRequest_tally_insert" AFTER INSERT ON "InboundRequest"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "InboundRequest_tally"();

CREATE TRIGGER "InboundRequest_tally_delete" AFTER DELETE ON "InboundRequest"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "InboundRequest_tally"();

CREATE TRIGGER "DeliveryAttempt_tally_insert" AFTER INSERT ON "DeliveryAttempt"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "DeliveryAttempt_tally"();

CREATE TRIGGER "DeliveryAttempt_tally_delete" AFTER DELETE ON "DeliveryAttempt"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "DeliveryAttempt_tally"();
