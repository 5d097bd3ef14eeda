/**
 * The plan's data types (Terraform's plans/ data apart from the logic that makes them).
 *
 * | action               | meaning                                                          |
 * |----------------------|------------------------------------------------------------------|
 * | no-op                | desired and actual agree                                         |
 * | create               | not in the tenant (or deleted out of band): make it              |
 * | update               | change in place                                                  |
 * | delete               | in state, gone from the stack                                    |
 * | create-then-delete   | replace, new object first (default for every type)               |
 * | delete-then-create   | replace, old object first (lifecycle.create_before_destroy=false)|
 * | read                 | refresh-only: state takes what the tenant has                    |
 */
import type { Diagnostic } from '../rules';
import type { ResourceType } from '../schema';

export type Action = 'no-op' | 'create' | 'update' | 'delete' | 'create-then-delete' | 'delete-then-create' | 'read';

export const isReplace = (a: Action) => a === 'create-then-delete' || a === 'delete-then-create';

/** A value not known until apply (the id of an object still to be created). */
export const UNKNOWN = '(known after apply)';

export type AttrPathList = (string | number)[][];

export interface ResourceChange {
  readonly address: string;
  readonly type: ResourceType;
  readonly name: string;
  readonly action: Action;
  /** The compared view of what exists (null when nothing does). */
  readonly before: Record<string, unknown> | null;
  /** The compared view of what is wanted (null for a delete); unknown values are UNKNOWN. */
  readonly after: Record<string, unknown> | null;
  /** Attributes that differ; sorted. */
  readonly changedPaths: AttrPathList;
  /** Attributes whose change forces the replacement; empty unless the action is a replace. */
  readonly replacePaths: AttrPathList;
  /** For people only: apply never branches on it. */
  readonly reason: string | undefined;
  /** The Graph id of the existing object (absent for a create). */
  readonly id: string | undefined;
  /** What apply needs to make the object: the config and where it sits in the graph. */
  readonly desired: { config: Record<string, unknown>; dependsOn: readonly string[]; createBeforeDestroy: boolean } | undefined;
  /** Addresses the existing object depends on, from state (deletes run in their reverse order). */
  readonly priorDependencies: readonly string[];
}

export interface Drift {
  readonly address: string;
  readonly kind: 'deleted' | 'changed';
  readonly paths: AttrPathList;
  readonly detail: string;
}

export interface Plan {
  readonly formatVersion: 1;
  readonly stack: string;
  /** The state this plan was made against: apply refuses a plan whose state has moved on. */
  readonly lineage: string;
  readonly serial: number;
  readonly mode: 'normal' | 'destroy' | 'refresh-only';
  readonly changes: readonly ResourceChange[];
  readonly drift: readonly Drift[];
  readonly diagnostics: readonly Diagnostic[];
  /** Group names resolved at plan time (name → id). */
  readonly groups: Readonly<Record<string, string>>;
  /** Notes for reviewers, e.g. the certificate impact of replacing or deleting a SCEP profile. */
  readonly notes: readonly string[];
  /** What refresh read, by address, for apply to start from. */
  readonly refreshed: Readonly<Record<string, { id: string; attrs: Record<string, unknown> } | null>>;
}

export function summarize(plan: Plan): { add: number; change: number; destroy: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const c of plan.changes) {
    if (c.action === 'create') add++;
    else if (c.action === 'update') change++;
    else if (c.action === 'delete') destroy++;
    else if (isReplace(c.action)) {
      add++;
      destroy++;
    }
  }
  return { add, change, destroy };
}
