import { appsInGroup } from '../apps/index.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { marathonApps, type AppEmbed } from './app-json.ts';
import { parentOf } from './group-ids.ts';

interface GroupJson {
  id: string;
  apps: Record<string, unknown>[];
  groups: GroupJson[];
  pods: [];
  dependencies: string[];
  version: string;
}

/** What GET /v2/groups embeds: `group.groups`, `group.apps` and `group.apps.*` (the latter as /v2/apps's `apps.*`); none given means Marathon's default, the first two. */
export interface GroupEmbed {
  groups: boolean;
  apps: boolean;
  app: AppEmbed;
}

export function groupEmbed(values: string[]): GroupEmbed {
  const asked = values.length === 0 ? ['group.groups', 'group.apps'] : values;
  const app: AppEmbed = new Set(asked.filter((value) => value.startsWith('group.apps.')).map((value) => value.replace(/^group\./, '')));
  return { groups: asked.includes('group.groups'), apps: asked.includes('group.apps') || app.size > 0, app };
}

/**
 * The group `id` as Marathon shows it, with its apps and the groups their
 * paths make, down the tree (undefined when no app is under it: Corral's
 * groups are the apps under a path). A group's version is its newest app's.
 */
export async function groupTree(prisma: PrismaClient, id: string, embed: GroupEmbed): Promise<GroupJson | undefined> {
  const apps = await marathonApps(prisma, appsInGroup(id), embed.app);
  if (apps.length === 0 && id !== '/') return undefined;
  const groups = new Map<string, GroupJson>();
  const groupOf = (groupId: string): GroupJson => {
    let group = groups.get(groupId);
    if (!group) {
      group = { id: groupId, apps: [], groups: [], pods: [], dependencies: [], version: '' };
      groups.set(groupId, group);
      if (groupId !== id) groupOf(parentOf(groupId)).groups.push(group);
    }
    return group;
  };
  const root = groupOf(id);
  for (const app of [...apps].sort((a, b) => String(a.id).localeCompare(String(b.id)))) {
    groupOf(parentOf(String(app.id))).apps.push(app);
  }
  stampVersions(root);
  return trim(root, embed);
}

function stampVersions(group: GroupJson): string {
  const versions = [...group.apps.map((app) => String(app.version ?? '')), ...group.groups.map(stampVersions)];
  group.version = versions.reduce((newest, version) => (version > newest ? version : newest), '') || new Date(0).toISOString();
  return group.version;
}

/** Without group.groups, nested groups (and so their apps) are left out; without group.apps, every group's apps. */
function trim(group: GroupJson, embed: GroupEmbed): GroupJson {
  const groups = embed.groups ? group.groups.sort((a, b) => a.id.localeCompare(b.id)).map((child) => trim(child, embed)) : [];
  return { ...group, apps: embed.apps ? group.apps : [], groups };
}
