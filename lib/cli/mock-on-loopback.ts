/**
 * What the CLI and the provider's process entry offer a Graph on loopback: the mock's test
 * credential and the header it advertises its throttle policy in. The one place outside the mock
 * that knows them; the Graph client and the provider are given them (graph/connect.ts).
 * Imports only the mock's two leaf modules, so the bundled provider carries no mock server.
 */
import type { LoopbackGraph } from '../graph';
import { DEFAULT_CREDENTIAL } from '../mock-graph/auth';
import { THROTTLE_HEADER } from '../mock-graph/throttle';

export const MOCK_ON_LOOPBACK: LoopbackGraph = { credential: DEFAULT_CREDENTIAL, throttlePolicyHeader: THROTTLE_HEADER };
