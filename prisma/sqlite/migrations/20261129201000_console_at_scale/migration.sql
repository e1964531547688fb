-- CreateTable
CREATE TABLE "InboundTally" (
    "size" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("size", "bucket", "provider", "outcome", "slot")
);

-- CreateTable
CREATE TABLE "DeliveryTally" (
    "status" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("status", "eventType", "slot")
);

-- CreateTable
CREATE TABLE "AttemptTally" (
    "size" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("size", "bucket", "outcome", "slot")
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
-- Triggers keep it in the transaction of every change to Delivery, whoever makes it.
INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
SELECT "status", "eventType", 0, COUNT(*) FROM "Delivery" GROUP BY "status", "eventType";

CREATE TRIGGER "Delivery_tally_insert" AFTER INSERT ON "Delivery"
BEGIN
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count") VALUES (NEW."status", NEW."eventType", 0, 1)
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Delivery_tally_update" AFTER UPDATE OF "status", "eventType" ON "Delivery"
  WHEN OLD."status" IS NOT NEW."status" OR OLD."eventType" IS NOT NEW."eventType"
BEGIN
  UPDATE "DeliveryTally" SET "count" = "count" - 1 WHERE "status" = OLD."status" AND "eventType" = OLD."eventType" AND "slot" = 0;
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count") VALUES (NEW."status", NEW."eventType", 0, 1)
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Delivery_tally_delete" AFTER DELETE ON "Delivery"
BEGIN
  UPDATE "DeliveryTally" SET "count" = "count" - 1 WHERE "status" = OLD."status" AND "eventType" = OLD."eventType" AND "slot" = 0;
END;

-- InboundTally and AttemptTally: the overview's counts per 5-minute and hourly bucket without
-- counting rows (prisma/models). Rows are append-only, retention deletes them: an insert counts
-- one, a delete takes one off. Bucket = unix seconds of the time, divided by the bucket size.
INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
SELECT s."size", CAST(strftime('%s', r."receivedAt") AS INTEGER) / s."size", r."provider", r."outcome", 0, COUNT(*)
FROM "InboundRequest" r, (SELECT 300 AS "size" UNION ALL SELECT 3600) s GROUP BY 1, 2, 3, 4;

INSERT INTO "AttemptTally" ("size", "bucket", "outcome", "slot", "count")
SELECT s."size", CAST(strftime('%s', a."startedAt") AS INTEGER) / s."size", a."outcome", 0, COUNT(*)
FROM "DeliveryAttempt" a, (SELECT 300 AS "size" UNION ALL SELECT 3600) s GROUP BY 1, 2, 3;

CREATE TRIGGER "InboundRequest_tally_insert" AFTER INSERT ON "InboundRequest"
BEGIN
  INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count") VALUES
    (300, CAST(strftime('%s', NEW."receivedAt") AS INTEGER) / 300, NEW."provider", NEW."outcome", 0, 1),
    (3600, CAST(strftime('%s', NEW."receivedAt") AS INTEGER) / 3600, NEW."provider", NEW."outcome", 0, 1)
    ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "InboundRequest_tally_delete" AFTER DELETE ON "InboundRequest"
BEGIN
  UPDATE "InboundTally" SET "count" = "count" - 1
    WHERE "slot" = 0 AND "provider" = OLD."provider" AND "outcome" = OLD."outcome"
      AND (("size" = 300 AND "bucket" = CAST(strftime('%s', OLD."receivedAt") AS INTEGER) / 300)
        OR ("size" = 3600 AND "bucket" = CAST(strftime('%s', OLD."receivedAt") AS INTEGER) / 3600));
END;

CREATE TRIGGER "DeliveryAttempt_tally_insert" AFTER INSERT ON "DeliveryAttempt"
BEGIN
  INSERT INTO "AttemptTally" ("size", "bucket", "outcome", "slot", "count") VALUES
    (300, CAST(strftime('%s', NEW."startedAt") AS INTEGER) / 300, NEW."outcome", 0, 1),
    (3600, CAST(strftime('%s', NEW."startedAt") AS INTEGER) / 3600, NEW."outcome", 0, 1)
    ON CONFLICT ("size", "bucket", "outcome", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "DeliveryAttempt_tally_delete" AFTER DELETE ON "DeliveryAttempt"
BEGIN
  UPDATE "AttemptTally" SET "count" = "count" - 1
    WHERE "slot" = 0 AND "outcome" = OLD."outcome"
      AND (("size" = 300 AND "bucket" = CAST(strftime('%s', OLD."startedAt") AS INTEGER) / 300)
        OR ("size" = 3600 AND "bucket" = CAST(strftime('%s', OLD."startedAt") AS INTEGER) / 3600));
END;
