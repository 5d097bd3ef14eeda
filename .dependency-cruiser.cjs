/**
 * The layers of lib/ and the one direction imports run (docs/architecture.md). A module may import
 * its own layer and the layers below it, nothing above:
 *
 *   cli ─┬─> export ──┐
 *        ├─> provider ┼─> engine ─> state ─> graph ─> rules ─> schema ─> graph-facts
 *        └─> mock-graph (stands in for Microsoft: graph-facts only)
 *   constructs ─> engine/validate, engine/config, rules, schema (what synth needs, nothing of Graph)
 */
const LAYERS = ['graph-facts', 'schema', 'rules', 'graph', 'state', 'engine', 'export', 'provider', 'cli'];
const below = (layer) => LAYERS.slice(0, LAYERS.indexOf(layer));
const above = (layer) => LAYERS.slice(LAYERS.indexOf(layer) + 1);
const dir = (names) => `^lib/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    ...LAYERS.filter((l) => above(l).length > 0).map((layer) => ({
      name: `${layer}-imports-up`,
      comment: `lib/${layer} may import only ${below(layer).join(', ') || 'nothing of ours'} (and itself)`,
      severity: 'error',
      from: { path: `^lib/${layer}/` },
      to: { path: dir([...above(layer), 'constructs', 'mock-graph']) },
    })),
    {
      name: 'export-and-provider-apart',
      comment: 'export and provider sit side by side on the engine; neither imports the other',
      severity: 'error',
      from: { path: '^lib/(export|provider)/' },
      to: { path: '^lib/(export|provider)/', pathNot: '^lib/$1/' },
    },
    {
      name: 'constructs-synth-only',
      comment: 'constructs run inside every synth: they import only what synth needs (no Graph client, no state, no CLI)',
      severity: 'error',
      from: { path: '^lib/constructs/' },
      to: {
        path: '^lib/',
        pathNot: ['^lib/constructs/', '^lib/schema/', '^lib/rules/', '^lib/graph-facts/', '^lib/engine/config\\.ts$'],
      },
    },
    {
      name: 'mock-graph-stands-alone',
      comment: "the mock stands in for Microsoft's service: it shares nothing with the client but the published facts",
      severity: 'error',
      from: { path: '^lib/mock-graph/' },
      to: { path: '^lib/', pathNot: ['^lib/mock-graph/', '^lib/graph-facts/'] },
    },
    {
      name: 'nothing-imports-the-mock',
      comment: 'production code holds no mock knowledge (the CLI starts the embedded tenant; that is all)',
      severity: 'error',
      from: { path: '^lib/', pathNot: ['^lib/mock-graph/', '^lib/cli/', '^lib/index\\.ts$'] },
      to: { path: '^lib/mock-graph/' },
    },
    {
      name: 'layers-through-their-index',
      comment: 'a layer is used through its index.ts (its public face), never by reaching into its files',
      severity: 'error',
      from: { path: '^lib/([^/]+)/' },
      to: {
        path: '^lib/(graph-facts|schema|rules|graph|state|engine|export|provider)/.+',
        pathNot: [
          '^lib/$1/',
          '^lib/[^/]+/index\\.ts$',
          // synth loads only how a stack is read (constructs-synth-only), not the engine's index
          '^lib/engine/config\\.ts$',
          // the constructs' public types name platforms and resource types from these two files, so a
          // stack's tsc does not read the schema's index (and zod's 95 declaration files) on every synth
          '^lib/schema/(platforms|resources)\\.ts$',
          // the provider answers GetProviderSchema from the schema's Terraform form alone (no zod)
          '^lib/schema/terraform-schema\\.ts$',
          // the provider process's entries load only what serving needs (server.ts loads the rest lazily)
          '^lib/provider/(main|builtins-only)\\.ts$',
        ],
      },
    },
    // Cycles. One that crosses folders runs up a layer somewhere, and the rules above name that import
    // (once: a cycle rule would name every cycle through it, dozens for one wrong import). Left to find:
    // a cycle inside one folder, and one through a file at lib/'s top (index.ts, package-info.ts).
    {
      name: 'no-circular',
      comment: 'modules of one folder import each other in a circle',
      severity: 'error',
      from: { path: '^lib/([^/]+)/' },
      to: { circular: true, viaOnly: { path: '^lib/$1/' } },
    },
    {
      name: 'no-circular-through-top',
      comment: "a circle through a file at lib/'s top: a layer imports it, and it imports the layer",
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true, via: { path: '^lib/[^/]+$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|examples/\\.build)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
