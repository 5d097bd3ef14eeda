/**
 * rules/: the rule catalog. Pure functions over resource attributes and, for cross-resource
 * rules, over the whole stack. Imports schema/ only. Re-exports only.
 */
export * from './catalog';
export * from './certificate';
export * from './diagnostic';
export * from './rule';
export * from './run';
export * from './subject-name';
export * from './template';
export * from './typescript';
