-- CreateEnum
CREATE TYPE "OperatingSystem" AS ENUM ('LINUX', 'WINDOWS');

-- CreateEnum
CREATE TYPE "AgentState" AS ENUM ('ACTIVE', 'DRAINING', 'UNREACHABLE', 'GONE');

-- CreateEnum
CREATE TYPE "TaskState" AS ENUM ('STAGING', 'STARTING', 'RUNNING', 'KILLING', 'FINISHED', 'FAILED', 'KILLED', 'LOST', 'UNREACHABLE', 'GONE', 'ERROR');

-- CreateEnum
CREATE TYPE "TaskHealth" AS ENUM ('UNKNOWN', 'HEALTHY', 'UNHEALTHY');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'CANCELED', 'SUPERSEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "DeploymentStepStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'CANCELED');

-- CreateEnum
CREATE TYPE "TokenRole" AS ENUM ('ADMIN', 'OPERATOR', 'VIEWER', 'AGENT');

-- CreateTable
CREATE TABLE "Agent" (
    "id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "os" "OperatingSystem" NOT NULL,
    "arch" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "cpus" DOUBLE PRECISION NOT NULL,
    "mem" DOUBLE PRECISION NOT NULL,
    "disk" DOUBLE PRECISION NOT NULL,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "portRanges" JSONB NOT NULL DEFAULT '[]',
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "state" "AgentState" NOT NULL DEFAULT 'ACTIVE',
    "registeredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "App" (
    "id" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "launchDelayUntil" TIMESTAMPTZ(3),
    "launchDelaySeconds" DOUBLE PRECISION,
    "installedPackageId" UUID,

    CONSTRAINT "App_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppVersion" (
    "id" UUID NOT NULL,
    "appId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "appVersion" INTEGER NOT NULL,
    "agentId" UUID,
    "state" "TaskState" NOT NULL DEFAULT 'STAGING',
    "health" "TaskHealth" NOT NULL DEFAULT 'UNKNOWN',
    "healthCause" TEXT,
    "ready" BOOLEAN NOT NULL DEFAULT false,
    "host" TEXT,
    "ports" INTEGER[],
    "cpus" DOUBLE PRECISION NOT NULL,
    "mem" DOUBLE PRECISION NOT NULL,
    "disk" DOUBLE PRECISION NOT NULL,
    "gpus" INTEGER NOT NULL DEFAULT 0,
    "exitCode" INTEGER,
    "message" TEXT,
    "stagedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "killAt" TIMESTAMPTZ(3),

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskStatus" (
    "id" UUID NOT NULL,
    "taskId" TEXT NOT NULL,
    "state" "TaskState" NOT NULL,
    "health" "TaskHealth",
    "message" TEXT,
    "exitCode" INTEGER,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskStatus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "appId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'RUNNING',
    "fromVersion" INTEGER,
    "toVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeploymentStep" (
    "id" UUID NOT NULL,
    "deploymentId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "status" "DeploymentStepStatus" NOT NULL DEFAULT 'PENDING',
    "detail" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DeploymentStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "sequence" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "CatalogRepository" (
    "name" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogRepository_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "InstalledPackage" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "appId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InstalledPackage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "TokenRole" NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Agent_state_lastSeenAt_idx" ON "Agent"("state", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Agent_hostname_idx" ON "Agent"("hostname");

-- CreateIndex
CREATE INDEX "App_installedPackageId_idx" ON "App"("installedPackageId");

-- CreateIndex
CREATE UNIQUE INDEX "AppVersion_appId_version_key" ON "AppVersion"("appId", "version");

-- CreateIndex
CREATE INDEX "Task_appId_state_idx" ON "Task"("appId", "state");

-- CreateIndex
CREATE INDEX "Task_agentId_state_idx" ON "Task"("agentId", "state");

-- CreateIndex
CREATE INDEX "Task_state_idx" ON "Task"("state");

-- CreateIndex
CREATE INDEX "TaskStatus_taskId_timestamp_idx" ON "TaskStatus"("taskId", "timestamp");

-- CreateIndex
CREATE INDEX "Deployment_appId_status_idx" ON "Deployment"("appId", "status");

-- CreateIndex
CREATE INDEX "Deployment_status_createdAt_idx" ON "Deployment"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeploymentStep_deploymentId_position_key" ON "DeploymentStep"("deploymentId", "position");

-- CreateIndex
CREATE INDEX "Event_subject_sequence_idx" ON "Event"("subject", "sequence");

-- CreateIndex
CREATE INDEX "Event_type_sequence_idx" ON "Event"("type", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "InstalledPackage_appId_key" ON "InstalledPackage"("appId");

-- CreateIndex
CREATE INDEX "InstalledPackage_name_idx" ON "InstalledPackage"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- AddForeignKey
ALTER TABLE "App" ADD CONSTRAINT "App_installedPackageId_fkey" FOREIGN KEY ("installedPackageId") REFERENCES "InstalledPackage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppVersion" ADD CONSTRAINT "AppVersion_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskStatus" ADD CONSTRAINT "TaskStatus_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeploymentStep" ADD CONSTRAINT "DeploymentStep_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
