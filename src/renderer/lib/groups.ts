import type { Run } from '../../shared/api';

export interface ReproductionGroup {
  id: string;
  /** Runs of the group, its reused dense checkpoint included. */
  runs: number;
  /** When the graph was queued: its first own run (a reused dense run is older). */
  startedAt: string;
}

const GROUP_PREFIX = 'group:';

/** The reproduction groups the runs belong to (tag `group:<id>`), newest first. */
export function reproductionGroups(runs: Run[]): ReproductionGroup[] {
  const groups = new Map<string, { runs: number; own: string[]; all: string[] }>();
  for (const run of runs) {
    for (const tag of run.tags) {
      if (!tag.startsWith(GROUP_PREFIX)) continue;
      const id = tag.slice(GROUP_PREFIX.length);
      const g = groups.get(id) ?? { runs: 0, own: [], all: [] };
      g.runs++;
      g.all.push(run.createdAt);
      if (!run.tags.includes(`dense-start:${id}`)) g.own.push(run.createdAt);
      groups.set(id, g);
    }
  }
  return [...groups.entries()]
    .map(([id, g]) => ({ id, runs: g.runs, startedAt: [...(g.own.length ? g.own : g.all)].sort()[0] }))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
}
