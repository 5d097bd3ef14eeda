/**
 * The Terraform provider `intune` (tfplugin6 over gRPC), on the engine's resource layer.
 * Uses engine/, graph/, rules/, schema/ and mock-graph/auth (the mock's test credential).
 */
export * from './certificate';
export * from './provider';
export * from './server';
export * from './values';
export * from './install';
