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
import type { DeposedObject, StateResource } from '../state';

export type Action = 'no-op' | 'create' | 'update' | 'delete' | 'create-then-delete' | 'delete-then-create' | 'read';

export const isReplace = (a: Action) => a === 'create-then-delete' || a === 'delete-then-create';

/** A value not known until apply (the id of an object still to be created). */
export const KNOWN_AFTER_APPLY = '(known after apply)';

export type AttrPathList = (string | number)[][];

/** What apply needs to make an object: the config and where it sits in the graph. */
export interface Desired {
  readonly config: Record<string, unknown>;
  readonly dependsOn: readonly string[];
  readonly createBeforeDestroy: boolean;
}

/** An attribute view as compared: normalised values, unknown ones KNOWN_AFTER_APPLY. */
export type AttributeView = Record<string, unknown>;

interface ChangeBase {
  readonly address: string;
  readonly type: ResourceType;
  readonly name: string;
  /** Attributes that differ; sorted. */
  readonly changedPaths: AttrPathList;
  /** For people only: apply never branches on it. */
  readonly reason?: string | undefined;
  /** Addresses the existing object depends on, from state (deletes run in their reverse order). */
  readonly priorDependencies: readonly string[];
  /** Adopted by this plan from an import block: state takes the object when the plan is applied. */
  readonly importing?: boolean;
}

/**
 * One change, by action: the fields a step needs exist exactly when its action needs them (Terraform
 * `plans/changes.go` writes these invariants in comments; here the compiler holds them).
 *
 * | action                | before | after | id (existing object) | desired | replacePaths | deposed |
 * |-----------------------|--------|-------|----------------------|---------|--------------|---------|
 * | create                | null   | view  | none                 | yes     | empty        |         |
 * | update                | view   | view  | yes                  | yes     | empty        |         |
 * | create-then-delete,   | view   | view  | yes (the old object) | yes     | non-empty    |         |
 * | delete-then-create    |        |       |                      |         |              |         |
 * | delete                | view?  | null  | yes                  | none    | empty        | yes/no  |
 * | no-op                 | view   | view  | yes                  | maybe   | empty        |         |
 * | read (refresh-only)   | view?  | view? | yes                  | maybe   | empty        |         |
 */
export type ResourceChange =
  | (ChangeBase & {
      readonly action: 'create';
      readonly before: null;
      readonly after: AttributeView;
      readonly id?: undefined;
      readonly desired: Desired;
      readonly replacePaths: readonly [];
    })
  | (ChangeBase & {
      readonly action: 'update';
      readonly before: AttributeView;
      readonly after: AttributeView;
      readonly id: string;
      readonly desired: Desired;
      readonly replacePaths: readonly [];
    })
  | (ChangeBase & {
      readonly action: 'create-then-delete' | 'delete-then-create';
      readonly before: AttributeView;
      readonly after: AttributeView;
      readonly id: string;
      readonly desired: Desired;
      readonly replacePaths: AttrPathList;
    })
  | (ChangeBase & {
      readonly action: 'delete';
      readonly before: AttributeView | null;
      readonly after: null;
      readonly id: string;
      readonly desired?: undefined;
      readonly replacePaths: readonly [];
      /** The old object of a replacement a run set aside and did not delete (Terraform's deposed object). */
      readonly deposed?: boolean;
    })
  | (ChangeBase & {
      readonly action: 'no-op';
      readonly before: AttributeView;
      readonly after: AttributeView;
      readonly id: string;
      readonly desired?: Desired | undefined;
      readonly replacePaths: readonly [];
    })
  /** Refresh-only: state takes what the tenant holds (after null: the object is gone and state forgets it). */
  | (ChangeBase & {
      readonly action: 'read';
      readonly before: AttributeView | null;
      readonly after: AttributeView | null;
      readonly id: string;
      readonly desired?: Desired | undefined;
      readonly replacePaths: readonly [];
    });

/** Changes that create an object: a create or the new half of a replace. */
export type CreatingChange = Extract<ResourceChange, { action: 'create' | 'create-then-delete' | 'delete-then-create' }>;
/** Changes that delete an existing object: a delete or the old half of a replace. */
export type DestroyingChange = Extract<ResourceChange, { action: 'delete' | 'create-then-delete' | 'delete-then-create' }>;

export const creates = (c: ResourceChange): c is CreatingChange => c.action === 'create' || isReplace(c.action);
export const destroys = (c: ResourceChange): c is DestroyingChange => c.action === 'delete' || isReplace(c.action);

export interface Drift {
  readonly address: string;
  readonly kind: 'deleted' | 'changed';
  readonly paths: AttrPathList;
  readonly detail: string;
}

/** One change's effect on certificates (impact.ts). */
export interface CertificateImpact {
  /** The change. */
  readonly address: string;
  /** The profile whose certificates (or root) devices hold: the counts are its. */
  readonly profile: string;
  /** `reissue`: devices get a new certificate; `remove`: devices lose it. */
  readonly effect: 'reissue' | 'remove';
  readonly detail: string;
  /** Devices (users) that hold the profile now: Graph's successCount; absent when not reported. */
  readonly devices?: number;
  readonly users?: number;
  /** When Intune last updated the counts. */
  readonly reportedAt?: string;
  /** Why the counts are missing. */
  readonly unavailable?: string;
  /**
   * Set (why, in words) when Intune does not report who holds the profile's certificates on its
   * platform (PlatformInfo.certificatesReported): no counts were read, and none would mean anything.
   */
  readonly unreported?: string;
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
  /**
   * Set when the stack broke a rule on its own, so the tenant was not read: no drift, impact or names
   * from it, and nothing to apply.
   */
  readonly tenantUnread?: true;
  /** Group names resolved at plan time (name → id). */
  readonly groups: Readonly<Record<string, string>>;
  /** Assignment filter names resolved at plan time (name → id); absent in plans saved before filters. */
  readonly filters?: Readonly<Record<string, string>>;
  /** What the plan does to certificates on devices, with the counts Graph reports (impact.ts). */
  readonly impact: readonly CertificateImpact[];
  /**
   * For people reading the plan: the names of the groups and assignment filters its assignment sets
   * hold by id (lower-case id → display name), where the stack named them or Graph told; absent in
   * plans saved before names. Nothing is decided on them.
   */
  readonly names?: PlanNames;
  /** What refresh read, by address (null: gone from the tenant), for apply to start from. */
  readonly refreshed: Readonly<Record<string, { id: string; attrs: Record<string, unknown> } | null>>;
  /**
   * The state as refresh left it (Terraform's PriorState), apart from the state as last written
   * (lineage, serial): objects a crashed run created are adopted, objects it set aside are deposed,
   * deposed objects already gone are dropped. Apply writes this first.
   */
  readonly prior: PriorState;
}

export interface PlanNames {
  readonly groups: Readonly<Record<string, string>>;
  readonly filters: Readonly<Record<string, string>>;
}

/** The objects state holds after refresh. */
export interface PriorState {
  readonly resources: Readonly<Record<string, StateResource>>;
  readonly deposed: readonly DeposedObject[];
}

export function summarize(plan: Plan): { add: number; change: number; destroy: number; import?: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const imported = plan.changes.filter((c) => c.importing).length;
  for (const c of plan.changes) {
    if (c.action === 'create') add++;
    else if (c.action === 'update') change++;
    else if (c.action === 'delete') destroy++;
    else if (isReplace(c.action)) {
      add++;
      destroy++;
    }
  }
  return { add, change, destroy, ...(imported ? { import: imported } : {}) };
}
