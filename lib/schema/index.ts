/**
 * schema/: the single source of truth for resource attributes, platforms, variables and the Graph
 * mapping tables; derives zod validation and the Terraform provider schema JSON.
 * Imports only graph-facts/ (the published types). Re-exports only.
 */
export * from './attributes';
export * from './expression';
export * from './graph-mapping';
export * from './ids';
export * from './json-text';
export * from './platforms';
export * from './resources';
export * from './stack';
export * from './terraform-schema';
export * from './variables';
export * from './zod';
