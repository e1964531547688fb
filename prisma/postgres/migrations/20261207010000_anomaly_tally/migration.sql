-- CreateTable
CREATE TABLE "AnomalyTally" (
    "rule" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnomalyTally_pkey" PRIMARY KEY ("rule","slot")
);

-- AnomalyTally: the overview's open anomalies by rule without reading them
-- (prisma/models/anomaly.prisma). Row triggers with WHEN conditions, so no function runs for the
-- writes that leave the open count alone (a refreshed message, an acknowledgement of a cleared
-- row); each rule is spread over 8 slots by a hash of the row id, as InboundTally.
INSERT INTO "AnomalyTally" ("rule", "slot", "count")
SELECT "rule", 0, COUNT(*) FROM "Anomaly" WHERE "state" = 'open' GROUP BY 1;

CREATE FUNCTION "Anomaly_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a slot may go below zero (a row the backfill counted in slot 0 is taken off its own slot):
  -- only the sum over a rule's slots is a count
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."state" = 'open' THEN
    INSERT INTO "AnomalyTally" ("rule", "slot", "count") VALUES (OLD."rule", hashtext(OLD."id") & 7, -1)
      ON CONFLICT ("rule", "slot") DO UPDATE SET "count" = "AnomalyTally"."count" - 1;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."state" = 'open' THEN
    INSERT INTO "AnomalyTally" ("rule", "slot", "count") VALUES (NEW."rule", hashtext(NEW."id") & 7, 1)
      ON CONFLICT ("rule", "slot") DO UPDATE SET "count" = "AnomalyTally"."count" + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Anomaly_tally_insert" AFTER INSERT ON "Anomaly"
  FOR EACH ROW WHEN (NEW."state" = 'open') EXECUTE FUNCTION "Anomaly_tally"();

CREATE TRIGGER "Anomaly_tally_update" AFTER UPDATE OF "state", "rule" ON "Anomaly"
  FOR EACH ROW WHEN ((OLD."state" = 'open') IS DISTINCT FROM (NEW."state" = 'open') OR (NEW."state" = 'open' AND OLD."rule" IS DISTINCT FROM NEW."rule"))
  EXECUTE FUNCTION "Anomaly_tally"();

CREATE TRIGGER "Anomaly_tally_delete" AFTER DELETE ON "Anomaly"
  FOR EACH ROW WHEN (OLD."state" = 'open') EXECUTE FUNCTION "Anomaly_tally"();
