-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "roles" TEXT[] DEFAULT ARRAY['*']::TEXT[];

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "checkResult" JSONB;
