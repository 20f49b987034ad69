/**
 * The full composition root: configuration, the policy in force, and the ticket service with every port
 * (DynamoDB store, Scheduler timers, SES mail and its templates), built once at module scope so warm
 * invocations reuse them. Endpoints point at the local stack when set.
 *
 * A function that needs fewer ports composes itself from the parts (issue 13), and carries only those:
 *   table only                 `import { config, policy, service } from '../../shared/runtime/store-only.ts'`
 *   the ticket systems' hooks  `import { webhooks } from '../../shared/runtime/webhooks.ts'` (this service too)
 *   other mixes                `composeService({ timers, mail })` from shared/runtime/core.ts, with `timers`
 *                              from ./runtime/timers.ts and `mail` from ./runtime/mail.ts as granted in
 *                              functions/registry.ts.
 */
import { composeService } from './runtime/core.ts';
import { mail } from './runtime/mail.ts';
import { timers } from './runtime/timers.ts';

export { config, policy } from './runtime/core.ts';

export const service = composeService({ timers, mail });
