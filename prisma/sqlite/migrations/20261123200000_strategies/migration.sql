-- CreateTable
CREATE TABLE "Strategy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "name" TEXT,
    "status" TEXT NOT NULL,
    "capital" TEXT,
    "leverage" INTEGER,
    "deployedAt" DATETIME,
    "dryRun" BOOLEAN,
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "lastErrorAt" DATETIME,
    "createdAt" DATETIME,
    "updatedAt" DATETIME,
    "firstReceivedAt" DATETIME NOT NULL,
    "lastReceivedAt" DATETIME NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "realizedPnl" TEXT NOT NULL DEFAULT '0',
    "openPositions" INTEGER NOT NULL DEFAULT 0,
    "closedPositions" INTEGER NOT NULL DEFAULT 0,
    "fillCount" INTEGER NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '[]',
    "anomalyCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Position" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL DEFAULT 'pipai',
    "strategyId" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "entryPrice" TEXT NOT NULL,
    "qty" TEXT NOT NULL,
    "leverage" INTEGER,
    "exitPrice" TEXT,
    "exitQty" TEXT,
    "pnl" TEXT,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "Fill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "strategyId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "orderType" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "qty" TEXT NOT NULL,
    "filledAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Backtest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "strategyId" TEXT,
    "totalReturn" TEXT,
    "sharpe" TEXT,
    "maxDrawdown" TEXT,
    "winRate" TEXT,
    "totalTrades" INTEGER,
    "profitFactor" TEXT,
    "metrics" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "finishedAt" DATETIME,
    "receivedAt" DATETIME NOT NULL,
    "eventCount" INTEGER NOT NULL DEFAULT 0,
    "anomalies" TEXT NOT NULL DEFAULT '[]'
);

-- CreateTable
CREATE TABLE "AccountAlert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "asset" TEXT,
    "balance" TEXT,
    "threshold" TEXT,
    "keyId" TEXT,
    "rotatedAt" DATETIME,
    "eventTime" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Strategy_lastReceivedAt_idx" ON "Strategy"("lastReceivedAt");

-- CreateIndex
CREATE INDEX "Strategy_provider_lastReceivedAt_idx" ON "Strategy"("provider", "lastReceivedAt");

-- CreateIndex
CREATE INDEX "Strategy_status_lastReceivedAt_idx" ON "Strategy"("status", "lastReceivedAt");

-- CreateIndex
CREATE INDEX "Position_strategyId_status_idx" ON "Position"("strategyId", "status");

-- CreateIndex
CREATE INDEX "Fill_strategyId_filledAt_idx" ON "Fill"("strategyId", "filledAt");

-- CreateIndex
CREATE INDEX "Fill_orderId_idx" ON "Fill"("orderId");

-- CreateIndex
CREATE INDEX "Backtest_receivedAt_idx" ON "Backtest"("receivedAt");

-- CreateIndex
CREATE INDEX "Backtest_status_receivedAt_idx" ON "Backtest"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "AccountAlert_receivedAt_idx" ON "AccountAlert"("receivedAt");

-- CreateIndex
CREATE INDEX "AccountAlert_kind_receivedAt_idx" ON "AccountAlert"("kind", "receivedAt");

-- CreateIndex
CREATE INDEX "Event_strategyId_idx" ON "Event"("strategyId");

-- CreateIndex
CREATE INDEX "Event_subjectId_idx" ON "Event"("subjectId");

-- CreateIndex
CREATE INDEX "Event_externalId_idx" ON "Event"("externalId");

-- CreateIndex
CREATE INDEX "InboundRequest_externalId_idx" ON "InboundRequest"("externalId");

