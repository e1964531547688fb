-- CreateTable
CREATE TABLE "DeliveryTally" (
    "status" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("status", "eventType", "slot")
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
CREATE INDEX "InboundRequest_provider_receivedAt_idx" ON "InboundRequest"("provider", "receivedAt");

-- CreateIndex
CREATE INDEX "Operation_type_updatedAt_idx" ON "Operation"("type", "updatedAt");

-- CreateIndex
CREATE INDEX "Trader_receivedAt_idx" ON "Trader"("receivedAt");

-- DeliveryTally: GET /api/webhooks `total` without counting rows (prisma/models/relay.prisma).
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
