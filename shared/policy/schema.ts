import * as z from 'zod';

/** Severity levels: 1 is the most severe (DESIGN §2). */
export const severities = [1, 2, 3, 4] as const;
export type Severity = (typeof severities)[number];
export const severitySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time as HH:mm (00:00 to 24:00)');

/** How a program's clock counts: wall time, a weekly business window, or not at all (best effort). */
export const coverageSchema = z.discriminatedUnion('clock', [
  z.object({ clock: z.literal('wall') }).strict(),
  z
    .object({
      clock: z.literal('business'),
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      days: z.array(z.number().int().min(1).max(7)).min(1),
      open: hhmm,
      close: hhmm,
    })
    .strict()
    .refine((w) => minutesOfDay(w.open) < minutesOfDay(w.close), {
      message: 'close must be after open',
      path: ['close'],
    }),
  z.object({ clock: z.literal('none') }).strict(),
]);
export type Coverage = z.infer<typeof coverageSchema>;

/** A response objective: minutes on the program's clock, best effort, or not offered. */
export const objectiveSchema = z.union([
  z.number().int().positive(),
  z.literal('best_effort'),
  z.literal('not_offered'),
]);
export type ObjectiveSpec = z.infer<typeof objectiveSchema>;

export const programSchema = z
  .object({
    label: z.string().min(1),
    coverage: coverageSchema,
    /** A paid contract (or evaluation licence) with an expiry date is required (DESIGN §2). */
    requiresContract: z.boolean(),
    supportAccountManager: z.boolean().default(false),
    phone: z.boolean().default(true),
    objectives: z.object({ 1: objectiveSchema, 2: objectiveSchema, 3: objectiveSchema, 4: objectiveSchema }).strict(),
  })
  .strict();
export type ProgramPolicy = z.infer<typeof programSchema>;

export const regions = ['us', 'canada', 'emea', 'apac', 'latam'] as const;
export type Region = (typeof regions)[number];

export const policySchema = z
  .object({
    name: z.string().min(1),
    programs: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), programSchema).refine((p) => Object.keys(p).length > 0, {
      message: 'at least one program',
    }),
    /** Share of the target left when the warning fires (DESIGN §3: 25%). */
    warningRatio: z.number().gt(0).lt(1),
    /** Distinct local dates of contact attempts that allow closing without the customer (DESIGN §3). */
    contactAttemptsBeforeClosure: z.number().int().min(1),
    autoCloseGraceMinutes: z.number().int().min(0),
    /** Languages support is given in, per region (DESIGN §2). */
    regionLanguages: z.object({
      us: z.array(z.string()).min(1),
      canada: z.array(z.string()).min(1),
      emea: z.array(z.string()).min(1),
      apac: z.array(z.string()).min(1),
      latam: z.array(z.string()).min(1),
    }),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
