-- CreateTable
-- UNLOGGED: counters need no durability (a crash empties the table, which only resets the
-- windows), and a transaction that writes only unlogged tables commits without waiting for a WAL
-- flush, so counting a request costs no fsync.
CREATE UNLOGGED TABLE "IntakeRateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "resetAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntakeRateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "IntakeRateLimit_resetAt_idx" ON "IntakeRateLimit"("resetAt");

-- CreateIndex
CREATE INDEX "Delivery_status_attempts_nextAttemptAt_idx" ON "Delivery"("status", "attempts", "nextAttemptAt");

