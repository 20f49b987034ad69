import { describe, expect, it } from 'vitest';
import { loadPolicy } from '#shared/policy/load-policy.ts';
import type { Case } from '../../bench/cases.ts';
import { peerNames } from '../../bench/rules-peer-worker.ts';
import { coverageOf, localText, measureOurs, prepareCases, runPeerWorker } from '../../bench/rules-peers.ts';

const policy = loadPolicy(undefined);
const paris = 'Europe/Paris';

// Hand-checkable cases in Paris (2026-03-11 is a Wednesday; DST starts on Sunday 2026-03-29; 1 May is a
// public holiday in France): opened local time, program and severity, and the deadline a reader expects.
const examples: { why: string; item: Case; due: string }[] = [
  {
    why: 'basic 8 h from Wednesday 12:00 ends exactly at closing',
    item: { program: 'basic', severity: 2, opened: '2026-03-11T11:00:00.000Z', tz: paris },
    due: '2026-03-11 Wed 20:00',
  },
  {
    why: 'basic 8 h from Friday 14:00 carries 2 h over the weekend',
    item: { program: 'basic', severity: 2, opened: '2026-03-13T13:00:00.000Z', tz: paris },
    due: '2026-03-16 Mon 10:00',
  },
  {
    why: 'evaluation 8 h from Friday 14:00 closes at 17:00',
    item: { program: 'evaluation', severity: 2, opened: '2026-03-13T13:00:00.000Z', tz: paris },
    due: '2026-03-16 Mon 13:00',
  },
  {
    why: 'basic 24 h opened on a Saturday starts on Monday 08:00',
    item: { program: 'basic', severity: 4, opened: '2026-03-14T09:00:00.000Z', tz: paris },
    due: '2026-03-17 Tue 20:00',
  },
  {
    why: 'basic 2 h opened at closing time starts the next morning',
    item: { program: 'basic', severity: 1, opened: '2026-03-11T19:00:00.000Z', tz: paris },
    due: '2026-03-12 Thu 10:00',
  },
  {
    why: 'basic 8 h skips the French public holiday of Friday 1 May',
    item: { program: 'basic', severity: 2, opened: '2026-04-30T14:00:00.000Z', tz: paris, holidays: 'FR' },
    due: '2026-05-04 Mon 12:00',
  },
  {
    why: 'basic 2 h skips an explicit holiday',
    item: { program: 'basic', severity: 1, opened: '2026-03-10T18:00:00.000Z', tz: paris, holiday: ['2026-03-11'] },
    due: '2026-03-12 Thu 09:00',
  },
  {
    why: 'basic 12 h across the change to summer time keeps local hours',
    item: { program: 'basic', severity: 3, opened: '2026-03-27T13:00:00.000Z', tz: paris },
    due: '2026-03-30 Mon 14:00',
  },
];

const prepared = prepareCases(
  examples.map((example) => example.item),
  policy,
);

describe('rules benchmark adapters', () => {
  it('ours gives the deadlines a reader expects', () => {
    const { answers } = measureOurs(prepared, policy, 1);
    expect(examples.map((example, i) => `${example.why}: ${localText(answers[i]!, paris)}`)).toEqual(
      examples.map((example) => `${example.why}: ${example.due}`),
    );
  });

  it('each peer, run in a child process whose local zone is Europe/Paris, gives the same deadlines', async () => {
    // Opened at 12:00:30 on a Wednesday, 8 business hours: 7 h 59 min 30 s until closing, 30 s on Thursday.
    const [inMinute] = prepareCases(
      [{ program: 'basic', severity: 2, opened: '2026-03-11T11:00:30.000Z', tz: paris }],
      policy,
    );
    const outputs = await Promise.all(
      peerNames.map((peer) => runPeerWorker(peer, paris, prepared, { warmup: 0, probes: [inMinute!] })),
    );
    for (const output of outputs) {
      expect(output.errors).toEqual([]);
      expect(
        examples.map((example, i) => `${output.peer} ${example.why}: ${localText(output.answers[i]!, paris)}`),
      ).toEqual(examples.map((example) => `${output.peer} ${example.why}: ${example.due}`));
    }
    // The minute rounding the benchmark reports: dayjs-business-time loses the 30 s before closing.
    expect(outputs.map((output) => `${output.peer}: ${localText(output.probeAnswers[0]!, paris)}`)).toEqual([
      'moment-business-time: 2026-03-12 Thu 08:00:30',
      'dayjs-business-time: 2026-03-12 Thu 08:01',
    ]);
    expect(localText(measureOurs([inMinute!], policy, 1).answers[0]!, paris)).toBe('2026-03-12 Thu 08:00:30');
  });

  it('counts the cases that cross DST, skip a holiday, end at closing or open outside hours', () => {
    const { answers } = measureOurs(prepared, policy, 1);
    expect(coverageOf(prepared, answers)).toEqual({
      crossDst: 1,
      skipHoliday: 2,
      endAtClosing: 2,
      openOutsideHours: 2,
    });
  });

  it('counts a fixed-offset zone as not expressible by the peers', () => {
    const [fixed] = prepareCases(
      [{ program: 'basic', severity: 2, opened: '2026-03-11T11:00:00.000Z', tz: 'UTC+05:30' }],
      policy,
    );
    expect(fixed?.notExpressible).toMatch(/fixed-offset/);
  });
});
