/** Differential test of the cluster commands on a standalone server (cases in ./cases/cluster.ts). */
import { registerCases } from '../helpers/differential.js';
import { CLUSTER_CASES } from './cases/cluster.js';

registerCases('cluster', CLUSTER_CASES);
