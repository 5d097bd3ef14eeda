/** The library: the schema, the rule catalog and the engine. Re-exports only. */
export * from './schema';
export * from './rules';
export * from './engine';
export * from './graph';
