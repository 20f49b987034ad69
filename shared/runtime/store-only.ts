/**
 * The composition for functions that only read and write the table (no timers, no e-mail): `queries` and
 * `accounts`. Same exports as shared/runtime.ts, without the Scheduler and SES clients or the mail templates.
 */
import { composeService } from './core.ts';

export { config, policy } from './core.ts';

export const service = composeService({});
