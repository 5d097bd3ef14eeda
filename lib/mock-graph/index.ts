/**
 * mock-graph/: a standalone mock of Microsoft Graph for Intune certificate profiles — routes as
 * data, a persisted store, throttling, faults and an Entra-shaped token endpoint. It imports
 * nothing of ours outside this folder: it stands in for Microsoft's service, so it must not share
 * the client's mapping. Re-exports only.
 */
export * from './auth';
export * from './errors';
export * from './faults';
export * from './model';
export * from './routes';
export * from './server';
export * from './store';
export * from './throttle';
export * from './tls';
