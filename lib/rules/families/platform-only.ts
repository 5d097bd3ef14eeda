/**
 * Attributes that mean something on some platforms only. Which platforms is data on the schema
 * (`platforms`, `platformRule`); the rules here read it, so the table is never repeated.
 */
import { RESOURCES, type ResourceType } from '../../schema';
import { show } from '../diagnostic';
import type { Finding, ResourceView } from '../rule';

/** Findings for each of `attributes` set on a platform the schema does not list for it. */
export function platformOnly(type: ResourceType, attributes: readonly string[]) {
  return (r: ResourceView): Finding[] => {
    if (!r.platform) return [];
    const findings: Finding[] = [];
    for (const name of attributes) {
      const def = RESOURCES[type].attributes[name];
      const platforms = def?.platforms;
      if (!platforms || platforms.includes(r.platform) || !r.isSet(name)) continue;
      findings.push({
        path: [name],
        detail: `${name} = ${show(r.raw(name))} is set on platform "${r.platform}", but it applies to ${platforms.join(', ')} only. Remove it from this resource.`,
      });
    }
    return findings;
  };
}

/** The schema does not change at run time: each list is computed once. */
const memo = new Map<string, string[]>();
function once(key: string, compute: () => string[]): string[] {
  let v = memo.get(key);
  if (!v) {
    v = compute();
    memo.set(key, v);
  }
  return v;
}

/** Attributes restricted to platforms without a rule of their own (reported as schema/not-applicable). */
export function attributesWithoutPlatformRule(type: ResourceType): string[] {
  return once(`${type}|`, () =>
    Object.entries(RESOURCES[type].attributes)
      .filter(([, def]) => def.platforms && !def.platformRule)
      .map(([name]) => name),
  );
}

/** Attributes whose platform restriction is reported by `ruleId`. */
export function attributesWithPlatformRule(type: ResourceType, ruleId: string): string[] {
  return once(`${type}|${ruleId}`, () =>
    Object.entries(RESOURCES[type].attributes)
      .filter(([, def]) => def.platformRule === ruleId)
      .map(([name]) => name),
  );
}
