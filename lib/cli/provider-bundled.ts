/**
 * Entry point of the bundled provider, the one file `provider install` puts in the mirror
 * (dist/provider/terraform-provider-intune.cjs, built by scripts/bundle-provider.ts): the provider
 * and every module it uses, so `.terraform.lock.hcl` pins all the code that runs. Loading this module
 * starts the provider; nothing imports it.
 */
import { onlyBuiltinModules } from '../provider/builtins-only';

onlyBuiltinModules();
(require('./provider-process') as typeof import('./provider-process')).main();
