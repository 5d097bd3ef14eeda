/** The packed package in a fresh cdktf project, with CDKTF (cdktf-cli): see consumer.ts. */
import { consumerSuite } from './consumer';

consumerSuite('cdktf');
