-- CreateTable
CREATE TABLE "Change" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "entity" TEXT,
    "entityId" TEXT,
    "operationId" TEXT,
    "strategyId" TEXT,
    "status" TEXT,
    "ref" TEXT,
    "at" DATETIME NOT NULL
);

