/**
 * constructs/: the CDKTF constructs. generated/ holds the L1 bindings made from the schema by
 * @cdktf/provider-generator (never edited by hand); the L2 constructs here are intent-shaped.
 * Uses engine/config (reading the synthesized stack), rules/ and schema/ for synth-time
 * validation. Re-exports only.
 */
export * from './certificate';
export * from './cloud-pki';
export * from './deployment';
export * from './roots';
export * from './scep';
export * from './targets';
export * as l1 from './generated/providers/intune';
/** The provider block every stack declares (the L1 binding itself: its config is the provider's). */
export { IntuneProvider, type IntuneProviderConfig } from './generated/providers/intune/provider';
