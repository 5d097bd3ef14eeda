/** jest globalSetup: the test tools are installed before any suite runs (see index.ts). */
import { ensureTestTools } from './index';

export default function globalSetup(): void {
  ensureTestTools((line) => process.stderr.write(`\n${line}\n`));
}
