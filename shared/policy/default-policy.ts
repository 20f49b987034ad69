import type { PolicyInput } from './schema.ts';

const weekdays = [1, 2, 3, 4, 5];

/**
 * The seed's policy (`shared/seed/support-policy.fr.txt`, DESIGN §2) as data:
 * coverage hours per program and the 20-cell initial-response table.
 */
export const defaultPolicy: PolicyInput = {
  name: 'Vendor support policy (seed)',
  warningRatio: 0.25,
  contactAttemptsBeforeClosure: 3,
  autoCloseGraceMinutes: 24 * 60,
  programs: {
    premier: {
      label: 'Premier',
      coverage: { clock: 'wall' },
      requiresContract: true,
      supportAccountManager: true,
      objectives: { 1: 30, 2: 30, 3: 30, 4: 30 },
    },
    production: {
      label: 'Production',
      coverage: { clock: 'wall' },
      requiresContract: true,
      objectives: { 1: 60, 2: 3 * 60, 3: 6 * 60, 4: 8 * 60 },
    },
    basic: {
      label: 'Basic',
      coverage: { clock: 'business', days: weekdays, open: '08:00', close: '20:00' },
      requiresContract: true,
      objectives: { 1: 2 * 60, 2: 8 * 60, 3: 12 * 60, 4: 24 * 60 },
    },
    evaluation: {
      label: 'Evaluation',
      coverage: { clock: 'business', days: weekdays, open: '08:00', close: '17:00' },
      requiresContract: true,
      objectives: { 1: 'not_offered', 2: 8 * 60, 3: 12 * 60, 4: 24 * 60 },
    },
    free: {
      label: 'Free / NFR / Community',
      coverage: { clock: 'none' },
      requiresContract: false,
      phone: false,
      objectives: { 1: 'not_offered', 2: 'best_effort', 3: 'best_effort', 4: 'best_effort' },
    },
  },
  regionLanguages: {
    us: ['en', 'es'],
    canada: ['en', 'fr'],
    emea: ['de', 'en', 'es', 'fr', 'it', 'ru'],
    apac: ['en', 'zh', 'ja'],
    latam: ['en', 'es', 'pt'],
  },
};
