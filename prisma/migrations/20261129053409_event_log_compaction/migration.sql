-- CreateTable
CREATE TABLE "EventLog" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "compactedThrough" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "EventLog_pkey" PRIMARY KEY ("id")
);

-- The one row readers check their cursor against.
INSERT INTO "EventLog" ("id", "compactedThrough") VALUES (1, 0);
