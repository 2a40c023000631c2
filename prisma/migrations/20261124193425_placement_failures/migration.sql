-- AlterTable
ALTER TABLE "App" ADD COLUMN     "placementFailures" JSONB;
