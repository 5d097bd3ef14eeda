/**
 * A plan that errors stopped says so at the top of its comment: never "No changes. The tenant matches
 * the stack." above the errors (a reviewer reads the first line), as the human view says none either.
 */
import type { Plan } from '../../lib/engine';
import { renderPlanMarkdown } from '../../lib/cli/views/plan';
import { planOf } from '../helpers/plans';

const ADDRESS = 'intune_scep_certificate_profile.wifi';

function plan(diagnostics: Plan['diagnostics'], withChange: boolean): Plan {
  return planOf({
    changes: withChange
      ? [
          {
            address: ADDRESS,
            type: 'intune_scep_certificate_profile',
            name: 'wifi',
            action: 'update',
            before: { display_name: 'a' },
            after: { display_name: 'b' },
            id: 'p1',
            desired: { config: {}, dependsOn: [], createBeforeDestroy: true },
            changedPaths: [['display_name']],
            replacePaths: [],
            priorDependencies: [],
          },
        ]
      : [],
    diagnostics,
  });
}

const error = (code: string) => ({
  severity: 'error' as const,
  code,
  address: ADDRESS,
  path: [],
  summary: 'Unknown group',
  detail: 'fix it',
});
const warning = { severity: 'warning' as const, code: 'x/y', address: ADDRESS, path: [], summary: 'Careful', detail: 'look' };

test('GIVEN errors and no change WHEN the comment is rendered THEN it starts with the refusal and never says "No changes"', () => {
  const md = renderPlanMarkdown(plan([error('assignment/unknown-group'), error('scep/x'), warning], false));
  expect(md.split('\n')[2]).toBe('**Refused**: 2 errors, below; this plan cannot be applied.');
  expect(md).not.toContain('No changes');
  expect(md).toContain('Unknown group');
});

test('GIVEN an error and changes (an impact limit) WHEN rendered THEN the refusal comes first, then what the plan would do', () => {
  const lines = renderPlanMarkdown(plan([error('plan/impact')], true)).split('\n');
  expect(lines.slice(2, 5)).toEqual([
    '**Refused**: 1 error, below; this plan cannot be applied.',
    '',
    '**Plan:** 0 to add, 1 to change, 0 to destroy.',
  ]);
});

test('GIVEN only warnings WHEN rendered THEN no refusal: "No changes" or the plan line, as before', () => {
  expect(renderPlanMarkdown(plan([warning], false)).split('\n')[2]).toBe('**No changes.** The tenant matches the stack.');
  expect(renderPlanMarkdown(plan([warning], true))).not.toContain('Refused');
});
