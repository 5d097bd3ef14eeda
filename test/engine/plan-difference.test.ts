/**
 * What apply compares of a saved plan with the plan it makes again (engine/plan-file.ts
 * planDifference): a change listed twice is one apply would not make twice, so the plan is not the
 * one that applies (found by review: the second copy, under another name, was shown and not made).
 */
import { planStack } from '../../lib';
import { planDifference } from '../../lib/engine/plan-file';
import { testCertificates } from '../helpers/certificates';
import { configOf, engineFixture } from '../helpers/engine';
import { cleanStack } from '../helpers/stacks';

test('a saved plan that lists a change twice is not the plan that applies', async () => {
  const f = await engineFixture();
  try {
    const plan = await planStack(f.ctx, configOf(cleanStack(await testCertificates())));
    expect(planDifference(plan, plan)).toBeUndefined();
    const first = plan.changes[0]!;
    const doubled = {
      ...plan,
      changes: [...plan.changes, { ...first, after: { ...first.after, display_name: 'FAKE benign name' } } as typeof first],
    };
    expect(planDifference(doubled, plan)).toContain(`${first.address}: the plan lists it twice`);
  } finally {
    await f.close();
  }
});
