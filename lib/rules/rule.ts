/**
 * What a rule is, and the read-only views of a stack that rules check.
 *
 * | kind     | checks                                   | runs                                |
 * |----------|------------------------------------------|-------------------------------------|
 * | resource | one resource's attributes                | validate, synth, plan, provider     |
 * | stack    | several resources of one stack together  | validate, synth, plan               |
 * | tenant   | one resource against what the tenant     | plan, provider (the caller looks the |
 * |          | holds (TenantFacts: groups, ...)          | facts up in Graph and passes them)  |
 *
 * Rules are pure: same input, same findings. They never throw for bad input; a value they cannot
 * read (wrong type, a Terraform expression unknown before apply) is skipped, since the schema check
 * or apply reports it.
 */
import {
  RESOURCES,
  effectiveValue,
  isExpression,
  isPlatform,
  parseReference,
  type Platform,
  type ResourceType,
  type StackResource,
} from '../schema';
import type { AttrPath, Severity } from './diagnostic';

/** What a rule reports; the runner adds severity, code and summary. */
export interface Finding {
  readonly path: AttrPath;
  readonly detail: string;
  /**
   * The detail in the L2 constructs' words, when a translation of `detail` cannot say it (the fix is
   * another call in TypeScript); addresses in it read as construct ids (rules/typescript.ts).
   */
  readonly typescript?: string;
  /** Stack rules name the resource the finding belongs to. */
  readonly address?: string;
}

export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  /** The diagnostic's one-line summary. */
  readonly summary: string;
}

export interface ResourceRule extends RuleMeta {
  readonly kind: 'resource';
  readonly types: readonly ResourceType[];
  check(resource: ResourceView, ctx: RuleContext): Finding[];
}

export interface StackRule extends RuleMeta {
  readonly kind: 'stack';
  check(ctx: RuleContext): Finding[];
}

export interface TenantRule extends RuleMeta {
  readonly kind: 'tenant';
  readonly types: readonly ResourceType[];
  /**
   * Absent for a rule about the plan rather than one resource (reference/root-still-used: a root the
   * plan deletes, maybe no longer in the stack): the engine's plan checks it.
   */
  check?(resource: ResourceView, tenant: TenantFacts, stack: StackView): Finding[];
}

/** A group in Entra ID, as tenant rules see it. */
export interface TenantGroup {
  readonly id: string;
  readonly displayName: string;
  /** A dynamic group whose rule selects devices (true), users (false), or it does not say (undefined). */
  readonly deviceGroup: boolean | undefined;
}

/** An Intune assignment filter, as tenant rules see it. */
export interface TenantFilter {
  readonly id: string;
  readonly displayName: string;
  /** Graph `devicePlatformType` (`iOS`, `windows10AndLater`, `androidForWork`, ...). */
  readonly platform: string;
}

/** What the tenant holds that tenant rules look at; looked up by the caller, plain data here. */
export interface TenantFacts {
  /** Every assignment filter of the tenant; empty when no set of the stack uses filters (not looked up). */
  readonly filters: readonly TenantFilter[];
  /** The groups of each display name the stack uses: none, one, or several. */
  readonly groupsByName: ReadonlyMap<string, readonly TenantGroup[]>;
  /** The group of each id the stack uses (lower case); undefined: no such group. */
  readonly groupsById: ReadonlyMap<string, TenantGroup | undefined>;
}

export type Rule = ResourceRule | StackRule | TenantRule;

/** How many days before a deployed certificate expires `root/expires-soon` warns, unless told otherwise. */
export const EXPIRY_WARNING_DAYS = 90;

/** A threshold as a flag or variable spells it (a whole number of days, at most 5 digits), or undefined. */
export function expiryWarningDaysOf(text: string): number | undefined {
  return /^\d{1,5}$/.test(text) ? Number(text) : undefined;
}

export interface RuleContext {
  /** Injected clock: rules never read the wall clock. */
  readonly now: Date;
  /** `root/expires-soon` warns when fewer days than this are left (EXPIRY_WARNING_DAYS by default). */
  readonly expiryWarningDays: number;
  readonly stack: StackView;
}

/** A resource with typed accessors; values that are unset read as their schema default. */
export class ResourceView {
  readonly platform: Platform | undefined;
  private readonly memos = new Map<string, unknown>();
  /** value() per attribute: rules ask for the same ones many times. */
  private readonly values = new Map<string, unknown>();

  constructor(readonly resource: StackResource) {
    const p = resource.attrs.platform;
    this.platform = isPlatform(p) ? p : undefined;
  }

  get address(): string {
    return this.resource.address;
  }
  get type(): ResourceType {
    return this.resource.type;
  }

  /** As written; null reads as unset. */
  raw(name: string): unknown {
    const v = this.resource.attrs[name];
    return v === null ? undefined : v;
  }

  isSet(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** Known value (as written, else the default); undefined when unset without default or unknown. */
  value(name: string): unknown {
    if (this.values.has(name)) return this.values.get(name);
    const def = RESOURCES[this.type].attributes[name];
    const v = effectiveValue(def, name, this.resource.attrs);
    // A reference attribute's `${type.name.id}` is an id known only after apply.
    const known = containsExpression(v) || (def?.references && parseReference(v)) ? undefined : v;
    this.values.set(name, known);
    return known;
  }

  string(name: string): string | undefined {
    const v = this.value(name);
    return typeof v === 'string' ? v : undefined;
  }

  number(name: string): number | undefined {
    const v = this.value(name);
    return typeof v === 'number' ? v : undefined;
  }

  /** A list value with its known elements only (expressions and nulls dropped, indices kept). */
  list(name: string): readonly { index: number; item: unknown }[] | undefined {
    const v = this.value(name);
    if (!Array.isArray(v)) return undefined;
    return v.map((item, index) => ({ index, item })).filter(({ item }) => item !== null && !containsExpression(item));
  }

  /** Object-list items whose `field` is a known string. */
  fieldStrings(name: string, field: string): { index: number; value: string }[] {
    return (this.list(name) ?? []).flatMap(({ index, item }) => {
      const f = item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
      return typeof f === 'string' ? [{ index, value: f }] : [];
    });
  }

  /** Computed once per view: derived data shared by several rules (a parsed subject, a certificate). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}

function containsExpression(v: unknown): boolean {
  if (isExpression(v)) return true;
  if (Array.isArray(v)) return v.some(containsExpression);
  if (v && typeof v === 'object') return Object.values(v).some(containsExpression);
  return false;
}

/** The whole stack, for cross-resource rules. */
export class StackView {
  readonly views: readonly ResourceView[];
  private readonly byAddress: ReadonlyMap<string, ResourceView>;
  private readonly byType = new Map<ResourceType, ResourceView[]>();
  /** Assignment resources by the address of the profile they assign: built once, not per profile. */
  private readonly assignmentsByProfile = new Map<string, ResourceView[]>();

  constructor(resources: readonly StackResource[]) {
    this.views = resources.map((r) => new ResourceView(r));
    this.byAddress = new Map(this.views.map((v) => [v.address, v]));
    const push = <K>(map: Map<K, ResourceView[]>, key: K, v: ResourceView) => {
      const list = map.get(key);
      if (list) list.push(v);
      else map.set(key, [v]);
    };
    for (const v of this.views) {
      push(this.byType, v.type, v);
      const target = v.type === 'intune_profile_assignment' ? parseReference(v.raw('profile_id'))?.address : undefined;
      if (target) push(this.assignmentsByProfile, target, v);
    }
  }

  get(address: string): ResourceView | undefined {
    return this.byAddress.get(address);
  }

  ofType(type: ResourceType): ResourceView[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource an attribute refers to with `${type.name.id}`, when it is in this stack. */
  referenced(view: ResourceView, attribute: string, type: ResourceType): ResourceView | undefined {
    const ref = parseReference(view.raw(attribute));
    if (!ref || ref.type !== type) return undefined;
    return this.byAddress.get(ref.address);
  }

  /** The assignment resources whose `profile_id` refers to `profile`. */
  assignmentsOf(profile: ResourceView): ResourceView[] {
    return this.assignmentsByProfile.get(profile.address) ?? [];
  }
}
