-- AlterTable
ALTER TABLE "App" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3);
