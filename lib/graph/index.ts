/**
 * graph/: the Microsoft Graph client — credentials, the shared request budget, retries, paging,
 * $batch, typed errors, redaction, and the mapping between our attributes and Graph's types.
 * Uses schema/ and rules/ (diagnostics, certificate parsing). Re-exports only.
 */
export * from './budget';
export * from './client';
export * from './cloud-pki';
export * from './clouds';
export * from './connect';
export * from './credentials';
export * from './diagnostics';
export * from './errors';
export * from './groups';
export * from './intune';
export * from './mapping';
export * from './redact';
