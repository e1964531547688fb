-- CreateIndex
CREATE INDEX "Operation_requestId_idx" ON "Operation"("requestId");

-- CreateIndex
CREATE INDEX "Trader_participantCode_idx" ON "Trader"("participantCode");

