-- CreateTable
CREATE TABLE "RejectionTally" (
    "bucket" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("bucket", "reason", "slot")
);

-- RejectionTally: the overview's rejection reasons per hour without reading the rejected requests
-- (prisma/models/intake.prisma), kept as InboundTally is (migration 20261129201000). The WHEN
-- clause keeps the accepted path free of any write: only a rejected request touches the tally.
INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
SELECT CAST(strftime('%s', "receivedAt") AS INTEGER) / 3600, COALESCE("reason", ''), 0, COUNT(*)
FROM "InboundRequest" WHERE "outcome" = 'rejected' GROUP BY 1, 2;

CREATE TRIGGER "InboundRequest_rejection_tally_insert" AFTER INSERT ON "InboundRequest"
  WHEN NEW."outcome" = 'rejected'
BEGIN
  INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
    VALUES (CAST(strftime('%s', NEW."receivedAt") AS INTEGER) / 3600, COALESCE(NEW."reason", ''), 0, 1)
    ON CONFLICT ("bucket", "reason", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "InboundRequest_rejection_tally_delete" AFTER DELETE ON "InboundRequest"
  WHEN OLD."outcome" = 'rejected'
BEGIN
  UPDATE "RejectionTally" SET "count" = "count" - 1
    WHERE "bucket" = CAST(strftime('%s', OLD."receivedAt") AS INTEGER) / 3600 AND "reason" = COALESCE(OLD."reason", '') AND "slot" = 0;
END;

-- CreateIndex
CREATE INDEX "Delivery_responseStatus_createdAt_idx" ON "Delivery"("responseStatus", "createdAt");
