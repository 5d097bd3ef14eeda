/**
 * Attacks on the Markdown plan's picture (review of issue 28): it must not lie about which object
 * gets which action.
 */
import type { Plan, ResourceChange } from '../../lib/engine';
import { planDiagram } from '../../lib/cli/views/diagram';

const ROOT = 'intune_trusted_root_certificate.root';
const root = (over: Partial<ResourceChange>): ResourceChange =>
  ({
    address: ROOT,
    type: 'intune_trusted_root_certificate',
    name: 'root',
    changedPaths: [],
    priorDependencies: [],
    ...over,
  }) as ResourceChange;

test('ATTACK GIVEN a replacement with a deposed old object WHEN pictured THEN the new root and the deposed one are two nodes, each with its own action', () => {
  // What deposed-after-crash plans: create the new root, delete the old object a crashed run set aside.
  const plan = {
    changes: [
      root({ action: 'create', after: { display_name: 'New Root' } }),
      root({ action: 'delete', deposed: true, id: 'old-id', before: { display_name: 'Old Root' } }),
    ],
    drift: [],
    impact: [],
  } as unknown as Plan;
  const source = planDiagram(plan) as string;
  const ids = source.split('\n').flatMap((l) => /^ {2}(\w+)\[/.exec(l)?.[1] ?? []);
  // Was: both written as n1: Mermaid keeps the last label, so the picture shows only "(delete)".
  expect(new Set(ids).size).toBe(ids.length);
  expect(source).toContain('New Root (create)');
  expect(source).toContain('Old Root (delete, set aside by an earlier run)');
});
