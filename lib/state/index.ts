/**
 * state/: what the engine knows exists and where it is kept. The format (format.ts), the journal
 * of changes between snapshots (journal.ts), the lock (lock.ts), safe file writes (files.ts), and
 * the backends behind one interface (backend.ts): local files (local.ts) and Azure Blob Storage
 * (azure-blob.ts). Uses graph/ (redaction, diagnostics), rules/ and schema/. Re-exports only.
 */
export * from './azure-blob';
export * from './backend';
export * from './files';
export * from './format';
export * from './journal';
export * from './local';
export * from './lock';
