/**
 * A CDKTF app for a test, writing into a folder this test file removes when it ends (cdktf's
 * `Testing.app()` makes a temp folder per call and leaves it behind).
 */
import { AnnotationMetadataEntryType, TerraformStack, Testing, type App } from 'cdktf';
import type { IConstruct } from 'constructs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'intune-scep-cdk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

export const testApp = (): App => Testing.app({ outdir: mkdtempSync(join(root, 'app-')) });

/** What the constructs reported at synth: the CDKTF annotations (errors and warnings) of every construct. */
export interface Annotation {
  readonly path: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
}

export function annotationsOf(scope: IConstruct): Annotation[] {
  for (const c of scope.node.findAll()) if (TerraformStack.isStack(c)) c.runAllValidations();
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === AnnotationMetadataEntryType.ERROR || m.type === AnnotationMetadataEntryType.WARN)
      .map((m) => ({
        path: c.node.path,
        level: m.type === AnnotationMetadataEntryType.ERROR ? ('error' as const) : ('warning' as const),
        message: String(m.data),
      })),
  );
}
