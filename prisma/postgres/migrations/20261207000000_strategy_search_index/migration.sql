-- CreateTable
CREATE TABLE "StrategyGram" (
    "gram" TEXT NOT NULL,
    "strategyId" TEXT NOT NULL,

    CONSTRAINT "StrategyGram_pkey" PRIMARY KEY ("gram","strategyId")
);

-- CreateTable
CREATE TABLE "StrategyGramQueue" (
    "strategyId" TEXT NOT NULL,
    "gen" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "StrategyGramQueue_pkey" PRIMARY KEY ("strategyId")
);

-- The strategies list's `q` search index is written by the worker (lib/server/strategies/search.ts),
-- not here: these triggers only queue a strategy that is new or renamed, one small row. The update
-- each event makes to its strategy sets the same name, or none, and queues nothing (WHEN). Row
-- triggers, so an upsert that updates runs no function at all.
CREATE FUNCTION "Strategy_gram_queue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "StrategyGramQueue" ("strategyId") VALUES (NEW."id")
    ON CONFLICT ("strategyId") DO UPDATE SET "gen" = "StrategyGramQueue"."gen" + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Strategy_gram_queue_insert" AFTER INSERT ON "Strategy"
  FOR EACH ROW EXECUTE FUNCTION "Strategy_gram_queue"();

CREATE TRIGGER "Strategy_gram_queue_rename" AFTER UPDATE OF "name" ON "Strategy"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "Strategy_gram_queue"();

-- the strategies stored before this migration are indexed by the worker, a batch at a time
INSERT INTO "StrategyGramQueue" ("strategyId") SELECT "id" FROM "Strategy";
