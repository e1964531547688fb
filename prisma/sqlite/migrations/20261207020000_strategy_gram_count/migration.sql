-- CreateTable
-- How many strategies hold each gram, kept by the gram indexer beside StrategyGram
-- (lib/server/strategies/search.ts). WITHOUT ROWID: the primary key is the table.
CREATE TABLE "StrategyGramCount" (
    "gram" TEXT NOT NULL PRIMARY KEY,
    "strategies" INTEGER NOT NULL
) WITHOUT ROWID;

-- the grams written before this migration
INSERT INTO "StrategyGramCount" ("gram", "strategies")
SELECT "gram", COUNT(*) FROM "StrategyGram" GROUP BY "gram";
