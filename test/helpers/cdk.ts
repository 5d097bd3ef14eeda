/**
 * A CDKTF app for a test, writing into a folder this test file removes when it ends (cdktf's
 * `Testing.app()` makes a temp folder per call and leaves it behind).
 */
import { Testing, type App } from 'cdktf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'intune-scep-cdk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

export const testApp = (): App => Testing.app({ outdir: mkdtempSync(join(root, 'app-')) });
