-- AlterTable
ALTER TABLE "TaskStatus" ADD COLUMN     "healthCause" TEXT;
