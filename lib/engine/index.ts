/**
 * engine/: config reader, validation, state, refresh, diff, plan and apply.
 * Uses graph/, rules/ and schema/; never prints (hooks carry progress). Re-exports only.
 */
export * from './apply';
export * from './config';
export * from './diff';
export * from './model';
export * from './operations';
export * from './plan';
export * from './references';
export * from './refresh';
export * from './run';
export * from './import';
export * from './adopt';
export * from './plan-file';
export * from './validate';
export * from './terraform-plan';
export * from './impact';
export * from './assignment-targets';
export { duplicateCreateForTerraform, profileODataType, sameNamedProfiles } from './duplicates';
