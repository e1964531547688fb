-- CreateTable
CREATE TABLE "Change" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "entity" TEXT,
    "entityId" TEXT,
    "operationId" TEXT,
    "strategyId" TEXT,
    "status" TEXT,
    "ref" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("id")
);

