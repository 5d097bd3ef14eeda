/**
 * Assignment targets (groups, all users, all devices, filters) and what every assignable L2
 * construct shares: `assign` makes its intune_profile_assignment.
 * Every prop is data: the L1 resources get each string through text.ts `toL1` (Terraform's escapes,
 * CDKTF tokens kept), so a name that holds `${...}` is that text in Intune, never an expression.
 */
import { Lazy, type IResolvable, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { profileAssignment } from './generated/providers/intune';
import { terraformText, toL1 } from './text';
import { validateWithRules } from './validation';

// ---------------------------------------------------------------------------------------------
// Assignment targets

/** An Intune assignment filter, by display name (resolved at plan time; must match exactly one) or by id. */
export class AssignmentFilter {
  static named(displayName: string): AssignmentFilter {
    return new AssignmentFilter('name', displayName);
  }
  static byId(filterId: string): AssignmentFilter {
    return new AssignmentFilter('id', filterId);
  }
  private constructor(
    readonly kind: 'name' | 'id',
    readonly value: string,
  ) {}
}

/** A target narrowed by an assignment filter: `include` gives the profile only to devices the filter matches, `exclude` to the others. */
export class FilteredTarget {
  constructor(
    readonly target: Group | AllTarget,
    readonly filter: AssignmentFilter,
    readonly mode: 'include' | 'exclude',
  ) {}
}

abstract class Target {
  /** This target, narrowed by an assignment filter (mode `include` by default). */
  filteredBy(filter: AssignmentFilter, mode: 'include' | 'exclude' = 'include'): FilteredTarget {
    return new FilteredTarget(this as unknown as Group | AllTarget, filter, mode);
  }
}

/** An Entra group, by display name (resolved at plan time; must match exactly one) or by id. */
export class Group extends Target {
  static byName(displayName: string): Group {
    return new Group('name', displayName);
  }
  static byId(objectId: string): Group {
    return new Group('id', objectId);
  }
  private constructor(
    readonly kind: 'name' | 'id',
    readonly value: string,
  ) {
    super();
  }
}

/** All licensed users or all devices. */
export class AllTarget extends Target {
  /** @internal */
  constructor(readonly kind: 'all-users' | 'all-devices') {
    super();
  }
}

/** All licensed users. */
export const AllUsers = new AllTarget('all-users');

/** All devices. */
export const AllDevices = new AllTarget('all-devices');

export type AssignmentTarget = Group | AllTarget | FilteredTarget;

/** The target a (possibly filtered) assignment target names. */
const unfiltered = (t: AssignmentTarget): Group | AllTarget => (t instanceof FilteredTarget ? t.target : t);

export interface AssignOptions {
  /**
   * true: the stack owns the profile's whole assignment set, and assignments made elsewhere show as
   * drift to remove. false: only ensure these targets and leave others alone.
   * @default true
   */
  readonly exclusive?: boolean;
}

/**
 * Intune replacements create the new object before removing the old one (devices keep a
 * certificate meanwhile). intune-scep's engine does so by default; Terraform's default is the
 * reverse, so the constructs say it in every resource's lifecycle.
 */
export const CREATE_BEFORE_DESTROY = { createBeforeDestroy: true } as const;

/** Something that can be assigned: a trusted root or a SCEP profile. */
export abstract class AssignableProfile extends Construct {
  /** The Graph id, known after apply. */
  abstract get profileId(): string;
  /** The profile's own resource (trusted root or SCEP profile). */
  abstract readonly resource: TerraformResource;
  private assignment: profileAssignment.ProfileAssignment | undefined;
  private importId: string | undefined;

  /**
   * Adopt an existing Intune object (by its Graph id) instead of creating one: Terraform imports the
   * profile and its assignment set (`import` blocks); intune-scep export writes its own state too.
   */
  importFrom(graphId: string): this {
    this.importId = terraformText(graphId);
    this.resource.importFrom(this.importId);
    this.assignment?.importFrom(this.importId);
    return this;
  }
  private readonly include: AssignmentTarget[] = [];
  private readonly excluded: Group[] = [];
  private exclusive = true;
  private readonly assignmentSuppressions: string[] = [];

  /** Silence warnings (by rule id) on this profile's assignment set. */
  suppressAssignmentWarnings(...ruleIds: string[]): this {
    this.assignmentSuppressions.push(...ruleIds);
    return this;
  }

  /** Assign to groups, all users or all devices. Calls add up. */
  assignTo(targets: readonly AssignmentTarget[], options: AssignOptions = {}): this {
    this.include.push(...targets);
    if (options.exclusive === false) this.exclusive = false;
    this.ensureAssignment();
    return this;
  }

  /** Exclude groups from the assignment. */
  exclude(...groups: Group[]): this {
    this.excluded.push(...groups);
    this.ensureAssignment();
    return this;
  }

  /** Targets this profile is assigned to (a CertificateDeployment gives its root the same). */
  get assignedTargets(): readonly AssignmentTarget[] {
    return [...this.include];
  }

  private ensureAssignment(): void {
    if (this.assignment) return;
    const groups = (list: readonly AssignmentTarget[], kind: 'name' | 'id') =>
      list
        .map(unfiltered)
        .filter((t): t is Group => t instanceof Group && t.kind === kind)
        .map((g) => g.value);
    const has = (all: AllTarget) => this.include.some((t) => unfiltered(t) === all);
    const filters = () =>
      this.include
        .filter((t): t is FilteredTarget => t instanceof FilteredTarget)
        // Terraform's names: a lazy value reaches the synthesized JSON as it is, unmapped.
        .map((f) => ({
          ...(f.target instanceof Group
            ? { [f.target.kind === 'name' ? 'group_name' : 'group_id']: f.target.value }
            : { [f.target === AllUsers ? 'all_users' : 'all_devices']: true }),
          ...(f.filter.kind === 'name' ? { filter_name: f.filter.value } : { filter_id: f.filter.value }),
          mode: f.mode,
        }));
    // Each name is one value, never CDKTF's list-token form (a list of one marker): mapped one by one.
    const lazyList = (produce: () => string[]) =>
      Lazy.listValue({ produce: () => (produce().length ? produce().map(terraformText) : undefined) as unknown as string[] });
    this.assignment = new profileAssignment.ProfileAssignment(this, 'Assignment', {
      profileId: this.profileId,
      includeGroupNames: lazyList(() => groups(this.include, 'name')),
      includeGroupIds: lazyList(() => groups(this.include, 'id')),
      excludeGroupNames: lazyList(() => groups(this.excluded, 'name')),
      excludeGroupIds: lazyList(() => groups(this.excluded, 'id')),
      allUsers: Lazy.anyValue({ produce: () => (has(AllUsers) ? true : undefined) }) as unknown as IResolvable,
      allDevices: Lazy.anyValue({ produce: () => (has(AllDevices) ? true : undefined) }) as unknown as IResolvable,
      filters: Lazy.anyValue({ produce: () => (filters().length ? toL1(filters()) : undefined) }) as unknown as IResolvable,
      exclusive: Lazy.anyValue({ produce: () => (this.exclusive ? undefined : false) }) as unknown as IResolvable,
      suppressWarnings: lazyList(() => this.assignmentSuppressions),
      lifecycle: CREATE_BEFORE_DESTROY,
    });
    if (this.importId !== undefined) this.assignment.importFrom(this.importId);
    validateWithRules(this, this.assignment);
  }
}

// ---------------------------------------------------------------------------------------------
// Trusted roots
