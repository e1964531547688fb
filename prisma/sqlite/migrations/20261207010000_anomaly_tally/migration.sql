-- CreateTable
CREATE TABLE "AnomalyTally" (
    "rule" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("rule", "slot")
);

-- AnomalyTally: the overview's open anomalies by rule without reading them
-- (prisma/models/anomaly.prisma). The WHEN clauses keep every other write free of it: only a raise,
-- or a change of state into or out of open, touches the tally.
INSERT INTO "AnomalyTally" ("rule", "slot", "count")
SELECT "rule", 0, COUNT(*) FROM "Anomaly" WHERE "state" = 'open' GROUP BY 1;

CREATE TRIGGER "Anomaly_tally_insert" AFTER INSERT ON "Anomaly"
  WHEN NEW."state" = 'open'
BEGIN
  INSERT INTO "AnomalyTally" ("rule", "slot", "count") VALUES (NEW."rule", 0, 1)
    ON CONFLICT ("rule", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Anomaly_tally_update" AFTER UPDATE OF "state", "rule" ON "Anomaly"
  WHEN (OLD."state" = 'open') <> (NEW."state" = 'open') OR (NEW."state" = 'open' AND OLD."rule" <> NEW."rule")
BEGIN
  INSERT INTO "AnomalyTally" ("rule", "slot", "count") SELECT OLD."rule", 0, -1 WHERE OLD."state" = 'open'
    ON CONFLICT ("rule", "slot") DO UPDATE SET "count" = "count" - 1;
  INSERT INTO "AnomalyTally" ("rule", "slot", "count") SELECT NEW."rule", 0, 1 WHERE NEW."state" = 'open'
    ON CONFLICT ("rule", "slot") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Anomaly_tally_delete" AFTER DELETE ON "Anomaly"
  WHEN OLD."state" = 'open'
BEGIN
  UPDATE "AnomalyTally" SET "count" = "count" - 1 WHERE "rule" = OLD."rule" AND "slot" = 0;
END;
