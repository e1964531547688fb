-- CreateTable
CREATE TABLE "InboundRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "payloadType" TEXT,
    "externalId" TEXT,
    "deliveryId" TEXT,
    "deliveryAttempt" INTEGER,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER NOT NULL,
    "reason" TEXT,
    "headers" TEXT NOT NULL,
    "rawBody" TEXT NOT NULL,
    "bodyEncoding" TEXT NOT NULL DEFAULT 'utf8',
    "eventId" TEXT
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "operationId" TEXT,
    "strategyId" TEXT,
    "status" TEXT,
    "statusReason" TEXT,
    "eventTime" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "strategyId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT NOT NULL,
    "allocations" TEXT NOT NULL,
    "createdAt" DATETIME,
    "updatedAt" DATETIME,
    "firstReceivedAt" DATETIME NOT NULL,
    "lastReceivedAt" DATETIME NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '[]',
    "anomalyCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "operationId" TEXT NOT NULL,
    "strategyId" TEXT NOT NULL,
    "traderId" TEXT NOT NULL,
    "participantCode" TEXT NOT NULL,
    "accountLabel" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT NOT NULL,
    "instructions" TEXT NOT NULL,
    "createdAt" DATETIME,
    "updatedAt" DATETIME,
    "lastReceivedAt" DATETIME NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Trader" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "strategyId" TEXT NOT NULL,
    "participantCode" TEXT NOT NULL,
    "accountLabel" TEXT NOT NULL,
    "autoRebalance" BOOLEAN NOT NULL,
    "createdAt" DATETIME,
    "updatedAt" DATETIME,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InboundRequest_receivedAt_idx" ON "InboundRequest"("receivedAt");

-- CreateIndex
CREATE INDEX "InboundRequest_outcome_receivedAt_idx" ON "InboundRequest"("outcome", "receivedAt");

-- CreateIndex
CREATE INDEX "Event_subjectType_subjectId_idx" ON "Event"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Event_receivedAt_idx" ON "Event"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Event_provider_externalId_key" ON "Event"("provider", "externalId");

-- CreateIndex
CREATE INDEX "Operation_updatedAt_idx" ON "Operation"("updatedAt");

-- CreateIndex
CREATE INDEX "Operation_status_updatedAt_idx" ON "Operation"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Operation_strategyId_updatedAt_idx" ON "Operation"("strategyId", "updatedAt");

-- CreateIndex
CREATE INDEX "Execution_operationId_idx" ON "Execution"("operationId");

-- CreateIndex
CREATE INDEX "Execution_strategyId_idx" ON "Execution"("strategyId");

-- CreateIndex
CREATE INDEX "Trader_strategyId_idx" ON "Trader"("strategyId");

