-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "secretHash" TEXT;
