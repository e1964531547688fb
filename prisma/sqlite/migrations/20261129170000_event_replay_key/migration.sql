-- AlterTable
ALTER TABLE "Event" ADD COLUMN "replayKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Event_provider_replayKey_key" ON "Event"("provider", "replayKey");

