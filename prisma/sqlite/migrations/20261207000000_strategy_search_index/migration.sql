-- CreateTable
-- WITHOUT ROWID: the primary key is the table, one B-tree per gram row instead of two.
CREATE TABLE "StrategyGram" (
    "gram" TEXT NOT NULL,
    "strategyId" TEXT NOT NULL,

    PRIMARY KEY ("gram", "strategyId")
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "StrategyGramQueue" (
    "strategyId" TEXT NOT NULL PRIMARY KEY,
    "gen" INTEGER NOT NULL DEFAULT 1
);

-- The strategies list's `q` search index is written by the worker (lib/server/strategies/search.ts),
-- not here: these triggers only queue a strategy that is new or renamed, one small row. The update
-- each event makes to its strategy sets the same name, or none, and queues nothing (WHEN).
CREATE TRIGGER "Strategy_gram_queue_insert" AFTER INSERT ON "Strategy"
BEGIN
  INSERT INTO "StrategyGramQueue" ("strategyId") VALUES (NEW."id")
    ON CONFLICT ("strategyId") DO UPDATE SET "gen" = "gen" + 1;
END;

CREATE TRIGGER "Strategy_gram_queue_rename" AFTER UPDATE OF "name" ON "Strategy"
  WHEN OLD."name" IS NOT NEW."name"
BEGIN
  INSERT INTO "StrategyGramQueue" ("strategyId") VALUES (NEW."id")
    ON CONFLICT ("strategyId") DO UPDATE SET "gen" = "gen" + 1;
END;

-- the strategies stored before this migration are indexed by the worker, a batch at a time
INSERT INTO "StrategyGramQueue" ("strategyId") SELECT "id" FROM "Strategy";
