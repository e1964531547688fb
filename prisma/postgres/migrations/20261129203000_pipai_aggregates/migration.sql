-- AlterTable
ALTER TABLE "Backtest" ADD COLUMN     "aggregate" TEXT;

-- AlterTable
ALTER TABLE "Strategy" ADD COLUMN     "aggregate" TEXT;

