import { readFileSync } from 'node:fs';
import type { Objective } from '#shared/sla/objective.ts';

export interface SeedCell {
  program: string;
  severity: number;
  text: string;
  objective: Objective;
  businessHours: boolean;
}

const programs: Record<string, string> = {
  PREMIER: 'premier',
  PRODUCTION: 'production',
  BASIC: 'basic',
  EVALUATION: 'evaluation',
  'FREE/NFR': 'free',
};

/** Reads the per-program tables of the French source policy: the cells are the seed's words, not ours. */
export function seedTable(): SeedCell[] {
  const lines = readFileSync(new URL('../fixtures/support-policy.fr.txt', import.meta.url), 'utf8').split('\n');
  const cells: SeedCell[] = [];
  lines.forEach((line, index) => {
    const heading = /^([A-Z/]+) \| \|$/.exec(line.trim());
    const program = heading ? programs[heading[1] as string] : undefined;
    if (!program) return;
    for (const row of lines.slice(index + 1, index + 5)) {
      const cell = /^Gravité (\d) \| (.+?) \|$/.exec(row.trim());
      if (!cell) throw new Error(`unexpected row under ${heading?.[1]}: ${row}`);
      const text = cell[2] as string;
      cells.push({ program, severity: Number(cell[1]), text, ...objectiveOf(text) });
    }
  });
  return cells;
}

function objectiveOf(text: string): { objective: Objective; businessHours: boolean } {
  if (text === 'N/A') return { objective: { kind: 'not_offered' }, businessHours: false };
  if (text === 'Dans les meilleurs délais') return { objective: { kind: 'best_effort' }, businessHours: false };
  const duration = /^(\d+) (minutes|heures?)( ouvrées)?$/.exec(text);
  if (!duration) throw new Error(`unknown objective "${text}"`);
  const minutes = Number(duration[1]) * (duration[2] === 'minutes' ? 1 : 60);
  return { objective: { kind: 'target', minutes }, businessHours: duration[3] !== undefined };
}
