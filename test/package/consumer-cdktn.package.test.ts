/** The packed package in a fresh cdktn project, with the maintained fork CDK Terrain (cdktn-cli on Node 22): see consumer.ts. */
import { consumerSuite } from './consumer';

consumerSuite('cdktn');
