/**
 * The Graph routes of the mock, one file per resource family (router.ts is the router). Each
 * family's handlers take a request and the tenant store and answer as the real endpoint does.
 */
import { assign, listAssignments } from './assignments';
import {
  allLeaves,
  changeAuthorityStatus,
  createAuthority,
  createLeaf,
  deleteAuthority,
  getAuthority,
  listAuthorities,
  listLeaves,
  revokeAuthority,
  revokeLeaf,
  updateAuthority,
} from './cloud-pki';
import {
  createConfiguration,
  deleteConfiguration,
  getConfiguration,
  getRootCertificate,
  getRootRef,
  listConfigurations,
  putRootRef,
  updateConfiguration,
} from './configurations';
import { createFilter, getFilter, listFilters } from './filters';
import { createGroup, getGroup, listGroups } from './groups';
import { OVERVIEWS, getOverview, patchOverview } from './overviews';
import { Route, route } from './router';
import { CLOUD_PKI_COLLECTION } from '../../graph-facts';

function cloudPkiRoutes(ca: string): Route[] {
  return [
    route('GET', ca, listAuthorities),
    route('POST', ca, createAuthority),
    route('GET', `${ca}/:id`, getAuthority),
    route('PATCH', `${ca}/:id`, updateAuthority),
    route('DELETE', `${ca}/:id`, deleteAuthority),
    route('POST', `${ca}/:id/changeCloudCertificationAuthorityStatus`, changeAuthorityStatus),
    route('POST', `${ca}/:id/revokeCloudCertificationAuthorityCertificate`, revokeAuthority),
    route('GET', `${ca}/:id/cloudCertificationAuthorityLeafCertificate`, listLeaves),
    route('POST', `${ca}/:id/cloudCertificationAuthorityLeafCertificate`, createLeaf),
    route('POST', `${ca}/:id/getAllCloudCertificationAuthorityLeafCertificates`, allLeaves, { write: false }),
    route('POST', `${ca}/:id/revokeLeafCertificate`, revokeLeaf),
  ];
}

export const DEFAULT_ROUTES: readonly Route[] = [
  route('GET', '/deviceManagement/deviceConfigurations', listConfigurations),
  route('POST', '/deviceManagement/deviceConfigurations', createConfiguration),
  route('GET', '/deviceManagement/deviceConfigurations/:id', getConfiguration),
  route('PATCH', '/deviceManagement/deviceConfigurations/:id', updateConfiguration),
  route('DELETE', '/deviceManagement/deviceConfigurations/:id', deleteConfiguration),
  route('GET', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate', getRootCertificate),
  route('GET', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate/$ref', getRootRef),
  route('PUT', '/deviceManagement/deviceConfigurations/:id/:cast/rootCertificate/$ref', putRootRef),
  route('POST', '/deviceManagement/deviceConfigurations/:id/assign', assign),
  route('GET', '/deviceManagement/deviceConfigurations/:id/assignments', listAssignments),
  ...Object.keys(OVERVIEWS).flatMap((o) => [
    route('GET', `/deviceManagement/deviceConfigurations/:id/${o}`, getOverview),
    route('PATCH', `/deviceManagement/deviceConfigurations/:id/${o}`, patchOverview),
  ]),
  route('GET', '/deviceManagement/assignmentFilters', listFilters),
  route('POST', '/deviceManagement/assignmentFilters', createFilter),
  route('GET', '/deviceManagement/assignmentFilters/:id', getFilter),
  ...cloudPkiRoutes(CLOUD_PKI_COLLECTION),
  route('GET', '/groups', listGroups, { intune: false }),
  route('POST', '/groups', createGroup, { intune: false }),
  route('GET', '/groups/:id', getGroup, { intune: false }),
];
export * from './router';
