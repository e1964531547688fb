-- CreateTable
CREATE TABLE "RejectionTally" (
    "bucket" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RejectionTally_pkey" PRIMARY KEY ("bucket","reason","slot")
);

-- RejectionTally: the overview's rejection reasons per hour without reading the rejected requests
-- (prisma/models/intake.prisma). Kept by InboundTally's own statement triggers (migration
-- 20261129201000), so no trigger is added: the function gains one INSERT over the transition
-- table's rejected rows, which for an accepted request inserts nothing. Slots as InboundTally's.
INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
SELECT floor(extract(epoch FROM "receivedAt") / 3600)::int, COALESCE("reason", ''), hashtext("id") & 7, COUNT(*)
FROM "InboundRequest" WHERE "outcome" = 'rejected' GROUP BY 1, 2, 3;

CREATE OR REPLACE FUNCTION "InboundRequest_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, COUNT(*)
      FROM new_rows r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + excluded."count";
    INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
      SELECT floor(extract(epoch FROM r."receivedAt") / 3600)::int, COALESCE(r."reason", ''), hashtext(r."id") & 7, COUNT(*)
      FROM new_rows r WHERE r."outcome" = 'rejected' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT ("bucket", "reason", "slot") DO UPDATE SET "count" = "RejectionTally"."count" + excluded."count";
  ELSE
    INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
      SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, -COUNT(*)
      FROM old_rows r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + excluded."count";
    INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
      SELECT floor(extract(epoch FROM r."receivedAt") / 3600)::int, COALESCE(r."reason", ''), hashtext(r."id") & 7, -COUNT(*)
      FROM old_rows r WHERE r."outcome" = 'rejected' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT ("bucket", "reason", "slot") DO UPDATE SET "count" = "RejectionTally"."count" + excluded."count";
  END IF;
  RETURN NULL;
END
$$;

-- CreateIndex
CREATE INDEX "Delivery_responseStatus_createdAt_idx" ON "Delivery"("responseStatus", "createdAt");
