/** jest globalSetup of the package tier: dist/ is fresh (see dist.ts), and the tier's test tools are installed (see index.ts). */
import { assertBuilt } from './dist';
import { ensureTestTools } from './index';

export default function globalSetup(): void {
  assertBuilt();
  ensureTestTools('package', (line) => process.stderr.write(`\n${line}\n`));
}
