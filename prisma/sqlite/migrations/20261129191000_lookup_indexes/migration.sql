-- CreateIndex
CREATE INDEX "Event_operationId_idx" ON "Event"("operationId");

-- CreateIndex
CREATE INDEX "Execution_traderId_idx" ON "Execution"("traderId");

