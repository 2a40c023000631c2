-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "drainingSince" TIMESTAMPTZ(3);
