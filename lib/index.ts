/** The library: the schema, the rule catalog, the engine, the Graph client and export. Re-exports only. */
export * from './schema';
export * from './rules';
export * from './engine';
export * from './graph';
export * from './state';
export * from './export';
