/**
 * Random business-hours cases shared by the benchmarks: the programs of DESIGN §2, several zones,
 * holidays. Seeded, so every run measures the same cases.
 */
import { random } from '../local/random.ts';

export interface Case {
  program: 'premier' | 'production' | 'basic' | 'evaluation' | 'free';
  severity: 1 | 2 | 3 | 4;
  opened: string;
  tz: string;
  holidays?: string;
  holiday?: string[];
}

export const benchZones = [
  'Europe/Paris',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'America/Sao_Paulo',
];
const calendars: Record<string, string> = {
  'Europe/Paris': 'FR',
  'America/New_York': 'US',
  'Australia/Sydney': 'AU-NSW',
  'Asia/Kolkata': 'IN',
  'Asia/Tokyo': 'JP',
  'America/Sao_Paulo': 'BR',
};

export function makeCases(count: number, options: { seed?: number; businessOnly?: boolean } = {}): Case[] {
  const next = random(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const programs = options.businessOnly
    ? (['basic', 'evaluation'] as const)
    : (['premier', 'production', 'basic', 'evaluation', 'free'] as const);
  const start = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2028, 0, 1) - start;
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const program = pick(programs);
    const severity = (
      program === 'evaluation' || program === 'free' ? 2 + Math.floor(next() * 3) : 1 + Math.floor(next() * 4)
    ) as Case['severity'];
    const tz = pick(benchZones);
    const opened = new Date(start + Math.floor((next() * span) / 60_000) * 60_000).toISOString();
    const item: Case = { program, severity, opened, tz };
    if (next() < 0.5) item.holidays = calendars[tz];
    if (next() < 0.3) item.holiday = [opened.slice(0, 10)];
    cases.push(item);
  }
  return cases;
}
