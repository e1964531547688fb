-- CreateTable
CREATE TABLE "Anomaly" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "entityKind" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "operationId" TEXT,
    "strategyId" TEXT,
    "message" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "clearedAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "note" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "openKey" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Anomaly_openKey_key" ON "Anomaly"("openKey");

-- CreateIndex
CREATE INDEX "Anomaly_raisedAt_idx" ON "Anomaly"("raisedAt");

-- CreateIndex
CREATE INDEX "Anomaly_state_raisedAt_idx" ON "Anomaly"("state", "raisedAt");

-- CreateIndex
CREATE INDEX "Anomaly_rule_raisedAt_idx" ON "Anomaly"("rule", "raisedAt");

-- CreateIndex
CREATE INDEX "Anomaly_provider_raisedAt_idx" ON "Anomaly"("provider", "raisedAt");

-- CreateIndex
CREATE INDEX "Anomaly_entityKind_raisedAt_idx" ON "Anomaly"("entityKind", "raisedAt");

-- CreateIndex
CREATE INDEX "Anomaly_entityKind_entityId_idx" ON "Anomaly"("entityKind", "entityId");

-- CreateIndex
CREATE INDEX "Anomaly_rule_state_idx" ON "Anomaly"("rule", "state");

-- CreateIndex
CREATE INDEX "Execution_status_updatedAt_idx" ON "Execution"("status", "updatedAt");

