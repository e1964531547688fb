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

-- CreateTable
CREATE TABLE "StrategyGram" (
    "gram" TEXT NOT NULL,
    "strategyId" TEXT NOT NULL,

    PRIMARY KEY ("gram", "strategyId")
);

-- CreateIndex
CREATE INDEX "StrategyGram_strategyId_idx" ON "StrategyGram"("strategyId");

-- StrategyGram: the trigrams of each strategy's lower(id) and lower(name) for the list's `q`
-- search (lib/server/strategies/search.ts). SQLite's lower() folds ASCII only, as its LIKE does.
-- Triggers cannot use a WITH clause here, so the positions 0..n-1 come from json_each over a JSON
-- array of n zeros (n = length - 2). Only an insert and a changed name write grams: the update
-- each event makes to its strategy does not set the name, or sets it unchanged (WHEN). DISTINCT,
-- not OR IGNORE: an outer statement's conflict clause (the intake's upserts) overrides a trigger's.
INSERT INTO "StrategyGram" ("gram", "strategyId")
SELECT DISTINCT substr(t."l", j."key" + 1, 3), t."id"
FROM (SELECT "id", lower("id") AS "l" FROM "Strategy" UNION ALL SELECT "id", lower("name") FROM "Strategy" WHERE "name" IS NOT NULL) t,
  json_each('[' || rtrim(replace(hex(zeroblob(max(length(t."l") - 2, 0))), '00', '0,'), ',') || ']') j;

CREATE TRIGGER "Strategy_grams_insert" AFTER INSERT ON "Strategy"
BEGIN
  INSERT INTO "StrategyGram" ("gram", "strategyId")
  SELECT DISTINCT substr(t."l", j."key" + 1, 3), NEW."id"
  FROM (SELECT lower(NEW."id") AS "l" UNION ALL SELECT lower(COALESCE(NEW."name", ''))) t,
    json_each('[' || rtrim(replace(hex(zeroblob(max(length(t."l") - 2, 0))), '00', '0,'), ',') || ']') j;
END;

CREATE TRIGGER "Strategy_grams_rename" AFTER UPDATE OF "name" ON "Strategy"
  WHEN OLD."name" IS NOT NEW."name"
BEGIN
  DELETE FROM "StrategyGram" WHERE "strategyId" = OLD."id";
  INSERT INTO "StrategyGram" ("gram", "strategyId")
  SELECT DISTINCT substr(t."l", j."key" + 1, 3), NEW."id"
  FROM (SELECT lower(NEW."id") AS "l" UNION ALL SELECT lower(COALESCE(NEW."name", ''))) t,
    json_each('[' || rtrim(replace(hex(zeroblob(max(length(t."l") - 2, 0))), '00', '0,'), ',') || ']') j;
END;

-- CreateIndex
CREATE INDEX "Delivery_responseStatus_createdAt_idx" ON "Delivery"("responseStatus", "createdAt");
