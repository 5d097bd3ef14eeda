/**
 * The bundled provider's promise at run time: Node loads nothing from disk for it but the bundle
 * itself. After `onlyBuiltinModules()`, a `require` of anything that is not one of Node's built-in
 * modules fails, so no `node_modules` in the folder Terraform runs in, above the mirror or in Node's
 * global folders (NODE_PATH, ~/.node_modules) can take part. The build refuses a bundle that would
 * need one (scripts/bundle-provider.ts); this covers what the bundler cannot see (a `require` whose
 * name is built at run time).
 */
import Module = require('node:module');

/** Makes every `require` in this process refuse what is not a Node built-in module. */
export function onlyBuiltinModules(): void {
  const builtin = new Set(Module.builtinModules);
  const load = Module.prototype.require;
  Module.prototype.require = function (this: Module, id: string) {
    if (typeof id === 'string' && (id.startsWith('node:') || builtin.has(id))) return load.call(this, id);
    throw new Error(
      `the intune provider loads only Node's built-in modules, and ${JSON.stringify(id)} is not one: the provider bundle is incomplete (reinstall intune-scep, then run "intune-scep provider install" again)`,
    );
  } as typeof Module.prototype.require;
}
