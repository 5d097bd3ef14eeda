/**
 * tfplugin6 requests and responses (as @grpc/proto-loader hands them over, snake_case) to and from
 * the provider's calls. Loaded on the first call that is not GetProviderSchema: everything heavy
 * (Graph client, rules, zod, @azure/identity) comes in through here.
 */
import type { LoopbackGraph } from '../graph';
import { RESOURCE_TYPES, isResourceType, type ResourceType } from '../schema';
import { IntuneProvider, PROVIDER_TYPE, type ProviderDiagnostic } from './provider';
import { providerSchemaResponse } from './schema-response';
import { ValueError, decodeDynamic, encodeDynamic, resourceType, type DynamicValue, type ValueType } from './values';

type Obj = Record<string, unknown>;

function diagnostic(d: ProviderDiagnostic): Obj {
  return {
    severity: d.severity === 'error' ? 1 : 2,
    summary: d.summary,
    detail: d.detail,
    ...(d.path
      ? { attribute: { steps: d.path.map((p) => (typeof p === 'number' ? { element_key_int: p } : { attribute_name: p })) } }
      : {}),
  };
}

function badValue(e: unknown): Obj[] {
  return [diagnostic({ severity: 'error', summary: 'Value the provider cannot read', detail: (e as Error).message })];
}

/** Every RPC as a function from request object to response object. */
export function createHandlers(
  env: Readonly<Record<string, string | undefined>>,
  now: () => Date = () => new Date(),
  loopback?: LoopbackGraph,
): Record<string, (req: Obj) => Promise<Obj>> {
  const provider = new IntuneProvider({ env, now, ...(loopback ? { loopback } : {}) });
  const decode = (dv: unknown, type: ValueType) => decodeDynamic(dv as DynamicValue | undefined, type);

  /** A call that takes a value Terraform sent: one that cannot be read is a diagnostic, not a failed RPC. */
  const reading = async (call: () => Obj | Promise<Obj>): Promise<Obj> => {
    try {
      return await call();
    } catch (e) {
      if (e instanceof ValueError || e instanceof SyntaxError) return { diagnostics: badValue(e) };
      throw e;
    }
  };
  /** A resource RPC: the one place a type name from Terraform is checked. */
  const resource =
    (call: (name: ResourceType, type: ValueType, req: Obj) => Obj | Promise<Obj>) =>
    async (req: Obj): Promise<Obj> => {
      const name = String(req.type_name);
      if (!isResourceType(name))
        return {
          diagnostics: [
            diagnostic({
              severity: 'error',
              summary: 'Unknown resource type',
              detail: `${name} is not a resource of the intune provider (it has ${RESOURCE_TYPES.join(', ')}).`,
            }),
          ],
        };
      return reading(() => call(name, resourceType(name), req));
    };

  return {
    GetProviderSchema: async () => providerSchemaResponse(),
    ValidateProviderConfig: (req) =>
      reading(() => ({ diagnostics: provider.validateProviderConfig(decode(req.config, PROVIDER_TYPE)).map(diagnostic) })),
    ConfigureProvider: (req) => reading(() => ({ diagnostics: provider.configure(decode(req.config, PROVIDER_TYPE)).map(diagnostic) })),
    ValidateResourceConfig: resource((name, type, req) => ({
      diagnostics: provider.validateResource(name, decode(req.config, type)).map(diagnostic),
    })),
    UpgradeResourceState: resource((name, type, req) => {
      const raw = req.raw_state as { json?: Buffer } | undefined;
      try {
        const parsed: unknown = raw?.json && raw.json.length > 0 ? JSON.parse(raw.json.toString('utf8')) : null;
        const r = provider.upgrade(name, Number(req.version ?? 0), parsed);
        return { upgraded_state: encodeDynamic(r.state, type), diagnostics: r.diagnostics.map(diagnostic) };
      } catch (e) {
        if (e instanceof SyntaxError || e instanceof ValueError)
          return { diagnostics: badValue(new Error(`the stored state is not readable: ${e.message}`)) };
        throw e;
      }
    }),
    ReadResource: resource(async (name, type, req) => {
      const r = await provider.read(name, decode(req.current_state, type));
      return {
        new_state: encodeDynamic(r.state, type),
        diagnostics: r.diagnostics.map(diagnostic),
        private: req.private ?? Buffer.alloc(0),
      };
    }),
    PlanResourceChange: resource(async (name, type, req) => {
      const r = await provider.plan(
        name,
        decode(req.prior_state, type),
        decode(req.proposed_new_state, type),
        decode(req.config, type),
        adoptedOf(req.prior_private as Buffer | undefined),
      );
      return {
        planned_state: encodeDynamic(r.planned, type),
        requires_replace: r.requiresReplace.map((p) => ({ steps: p.map((s) => ({ attribute_name: s })) })),
        // An import's mark is checked by this plan (provider.plan): it does not outlive it.
        planned_private: adoptedOf(req.prior_private as Buffer | undefined) ? Buffer.alloc(0) : (req.prior_private ?? Buffer.alloc(0)),
        diagnostics: r.diagnostics.map(diagnostic),
      };
    }),
    ApplyResourceChange: resource(async (name, type, req) => {
      const r = await provider.apply(name, decode(req.prior_state, type), decode(req.planned_state, type));
      return { new_state: encodeDynamic(r.state, type), private: Buffer.alloc(0), diagnostics: r.diagnostics.map(diagnostic) };
    }),
    ImportResourceState: resource(async (name, type, req) => {
      const r = await provider.importState(name, String(req.id));
      const marked = r.adopted ? Buffer.from(JSON.stringify({ adopted: r.adopted })) : Buffer.alloc(0);
      return {
        imported_resources: r.state === null ? [] : [{ type_name: name, state: encodeDynamic(r.state, type), private: marked }],
        diagnostics: r.diagnostics.map(diagnostic),
      };
    }),
    async StopProvider() {
      return { Error: '' };
    },
  };
}

/** The Graph type an import left in private state (ImportResourceState), kept until the object is applied. */
function adoptedOf(priv: Buffer | undefined): string | undefined {
  if (!priv || priv.length === 0 || priv.length > 1024) return undefined;
  try {
    const v = JSON.parse(priv.toString('utf8')) as { adopted?: unknown };
    return typeof v.adopted === 'string' ? v.adopted : undefined;
  } catch {
    return undefined;
  }
}
