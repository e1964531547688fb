-- The tallies' INSERT triggers on Delivery and InboundRequest run once per row instead of once per
-- statement over a transition table. Every insert into these tables is one row (the intake's
-- storeAccepted/storeDuplicate/storeLogged and enqueueDelivery, the test send's delivery), and for a
-- one-row statement the transition table's capture and its GROUP BY query cost more than the row's
-- own upsert: under intake load the statement triggers were about a fifth of PostgreSQL's CPU
-- (perf, concurrency 16), and as row triggers the backends' CPU per accepted event went from
-- 0.73–0.84 ms to 0.68–0.74 ms. A row trigger touches the tally rows of its one row in a fixed order
-- (5-minute bucket, then hourly), so it adds no deadlock that the statement triggers avoided.
-- UPDATE and DELETE keep their statement triggers: the worker's and retention's statements change
-- many rows at once. The counts are the same (tally.int.test.ts).

DROP TRIGGER "Delivery_tally_insert" ON "Delivery";

CREATE OR REPLACE FUNCTION "Delivery_tally_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "DeliveryTally" ("status", "eventType", "slot", "count")
    VALUES (NEW."status", NEW."eventType", hashtext(NEW."id") & 15, 1)
    ON CONFLICT ("status", "eventType", "slot") DO UPDATE SET "count" = "DeliveryTally"."count" + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Delivery_tally_insert" AFTER INSERT ON "Delivery"
  FOR EACH ROW EXECUTE FUNCTION "Delivery_tally_insert"();

DROP TRIGGER "InboundRequest_tally_insert" ON "InboundRequest";

CREATE FUNCTION "InboundRequest_tally_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
    VALUES (300, floor(extract(epoch FROM NEW."receivedAt") / 300)::int, NEW."provider", NEW."outcome", hashtext(NEW."id") & 7, 1),
           (3600, floor(extract(epoch FROM NEW."receivedAt") / 3600)::int, NEW."provider", NEW."outcome", hashtext(NEW."id") & 7, 1)
    ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + 1;
  IF NEW."outcome" = 'rejected' THEN
    INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
      VALUES (floor(extract(epoch FROM NEW."receivedAt") / 3600)::int, COALESCE(NEW."reason", ''), hashtext(NEW."id") & 7, 1)
      ON CONFLICT ("bucket", "reason", "slot") DO UPDATE SET "count" = "RejectionTally"."count" + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "InboundRequest_tally_insert" AFTER INSERT ON "InboundRequest"
  FOR EACH ROW EXECUTE FUNCTION "InboundRequest_tally_insert"();

-- "InboundRequest_tally" now serves the DELETE trigger alone
CREATE OR REPLACE FUNCTION "InboundRequest_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "InboundTally" ("size", "bucket", "provider", "outcome", "slot", "count")
    SELECT s.size, floor(extract(epoch FROM r."receivedAt") / s.size)::int, r."provider", r."outcome", hashtext(r."id") & 7, -COUNT(*)
    FROM old_rows r CROSS JOIN (VALUES (300), (3600)) AS s(size) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("size", "bucket", "provider", "outcome", "slot") DO UPDATE SET "count" = "InboundTally"."count" + excluded."count";
  INSERT INTO "RejectionTally" ("bucket", "reason", "slot", "count")
    SELECT floor(extract(epoch FROM r."receivedAt") / 3600)::int, COALESCE(r."reason", ''), hashtext(r."id") & 7, -COUNT(*)
    FROM old_rows r WHERE r."outcome" = 'rejected' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT ("bucket", "reason", "slot") DO UPDATE SET "count" = "RejectionTally"."count" + excluded."count";
  RETURN NULL;
END
$$;
