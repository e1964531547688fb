-- AlterTable
ALTER TABLE "InboundRequest" ADD COLUMN "bodyLength" INTEGER;
ALTER TABLE "InboundRequest" ADD COLUMN "bodySha256" TEXT;

-- CreateIndex
CREATE INDEX "DeliveryAttempt_startedAt_idx" ON "DeliveryAttempt"("startedAt");

