/**
 * engine/: config reader, validation, and (next) state, refresh, diff, plan and apply.
 * Uses rules/ and schema/; never prints (the CLI renders what it returns). Re-exports only.
 */
export * from './config';
export * from './validate';
