/** Every case table of the catalog, one object: run by catalog.test.ts and typescript.test.ts. */
import { assignmentCases } from './assignment';
import { cloudPkiCases } from './cloud-pki';
import { platformChannelCases } from './platform-channel';
import { sanCases } from './san';
import { subjectCases } from './subject';
import type { CaseTable } from './types';
import { urlAccessRootCases } from './url-access-root';
import { validityKeyCases } from './validity-keys';
import { variableCases } from './variable';

export const CASES: CaseTable = {
  ...platformChannelCases,
  ...subjectCases,
  ...variableCases,
  ...sanCases,
  ...validityKeyCases,
  ...urlAccessRootCases,
  ...assignmentCases,
  ...cloudPkiCases,
};
