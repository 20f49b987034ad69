import { loadPolicy } from './load-policy.ts';

/**
 * The policy in force, read and validated once per process: request schemas and the composition root
 * share it, so a cold start parses `SLA_POLICY_FILE` (or the seed) once.
 */
export const policyInForce = loadPolicy();
