import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { defaultPolicy } from './default-policy.ts';
import { type Policy, policySchema } from './schema.ts';

export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
}

/** Validates a policy document; the message lists every failing field. */
export function parsePolicy(document: unknown, source = 'policy'): Policy {
  // Parsed once per process, at cold start: without zod's compiled fast path, which pays only over many parses.
  const result = policySchema.safeParse(document, { jitless: true });
  if (!result.success) {
    throw new InvalidPolicyError(`${source} is not a valid policy:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The policy in force: the JSON file named by `SLA_POLICY_FILE`, else the seed's. */
export function loadPolicy(file: string | undefined = process.env.SLA_POLICY_FILE): Policy {
  if (!file) return parsePolicy(defaultPolicy, 'default policy');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidPolicyError(`SLA_POLICY_FILE ${file} cannot be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidPolicyError(`SLA_POLICY_FILE ${file} is not JSON: ${(error as Error).message}`);
  }
  return parsePolicy(document, `SLA_POLICY_FILE ${file}`);
}
