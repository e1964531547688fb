-- CreateTable
CREATE TABLE "IntakeRateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL,
    "resetAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "IntakeRateLimit_resetAt_idx" ON "IntakeRateLimit"("resetAt");

-- CreateIndex
CREATE INDEX "Delivery_status_attempts_nextAttemptAt_idx" ON "Delivery"("status", "attempts", "nextAttemptAt");

