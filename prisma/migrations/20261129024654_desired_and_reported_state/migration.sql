-- CreateEnum
CREATE TYPE "TaskDesiredState" AS ENUM ('RUN', 'KILL');

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "desiredState" "TaskDesiredState" NOT NULL DEFAULT 'RUN',
ADD COLUMN     "reportedState" "TaskState";

-- Kills ordered before this migration: only the gateway's kill orders set killAt.
UPDATE "Task" SET "desiredState" = 'KILL' WHERE "killAt" IS NOT NULL;

-- What each agent last reported: the task's newest stored status update.
UPDATE "Task" AS t SET "reportedState" = s.state
FROM (SELECT DISTINCT ON ("taskId") "taskId", state FROM "TaskStatus" ORDER BY "taskId", "timestamp" DESC, "receivedAt" DESC) AS s
WHERE s."taskId" = t.id;
