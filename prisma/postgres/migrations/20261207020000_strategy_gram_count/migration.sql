-- CreateTable
-- How many strategies hold each gram, kept by the gram indexer beside StrategyGram
-- (lib/server/strategies/search.ts).
CREATE TABLE "StrategyGramCount" (
    "gram" TEXT NOT NULL,
    "strategies" INTEGER NOT NULL,

    CONSTRAINT "StrategyGramCount_pkey" PRIMARY KEY ("gram")
);

-- the grams written before this migration
INSERT INTO "StrategyGramCount" ("gram", "strategies")
SELECT "gram", COUNT(*) FROM "StrategyGram" GROUP BY "gram";
