/** A plan made in a test: the parts it names, the rest empty (no changes, drift, impact or findings). */
import type { Plan } from '../../lib/engine';

export function planOf(parts: Partial<Plan>): Plan {
  return {
    formatVersion: 1,
    stack: 's',
    lineage: 'l',
    serial: 1,
    mode: 'normal',
    changes: [],
    drift: [],
    impact: [],
    diagnostics: [],
    groups: {},
    refreshed: {},
    prior: { resources: {}, deposed: [] },
    ...parts,
  };
}
