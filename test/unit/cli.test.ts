import { type ChildProcessByStdio, execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../bin/build-cli.ts';

const run = promisify(execFile);
// The tests run the bundle the package's `bin` ships, built from the current source.
const cli = join(mkdtempSync(join(tmpdir(), 'sla-cli-')), 'sla.mjs');
beforeAll(() => buildCli(cli));

async function sla(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function slaWithInput(args: string[], input: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args]);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout }));
    child.stdin.end(input);
  });
}

describe('sla deadline', () => {
  it('prints the deadline of a basic ticket as one JSON object', async () => {
    const result = await sla([
      'deadline',
      '--program',
      'basic',
      '--severity',
      '2',
      '--opened',
      '2026-12-04T14:00:00+01:00',
      '--tz',
      'Europe/Paris',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      program: 'basic',
      severity: 2,
      clock: 'business',
      targetMinutes: 480,
      deadline: '2026-12-07T09:00:00.000Z',
      warnAt: '2026-12-07T07:00:00.000Z',
    });
  });

  it('takes holidays as repeated --holiday dates and a --holidays calendar', async () => {
    const result = await sla([
      'deadline',
      '--program=basic',
      '--severity=2',
      '--opened=2026-12-24T14:00:00+01:00',
      '--tz=Europe/Paris',
      '--holidays=FR',
      '--holiday=2026-12-28',
      '--holiday=2026-12-29',
    ]);
    expect(JSON.parse(result.stdout).deadline).toBe('2026-12-30T09:00:00.000Z');
  });

  it('prints null deadlines for best effort', async () => {
    const result = await sla([
      'deadline',
      '--program',
      'free',
      '--severity',
      '3',
      '--opened',
      '2026-12-01T10:00:00Z',
      '--tz',
      'UTC',
    ]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      clock: 'none',
      targetMinutes: null,
      deadline: null,
      warnAt: null,
    });
  });

  it('prints severity_not_offered as JSON and exits 2', async () => {
    const result = await sla([
      'deadline',
      '--program',
      'evaluation',
      '--severity',
      '1',
      '--opened',
      '2026-12-01T10:00:00Z',
      '--tz',
      'UTC',
    ]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: 'severity_not_offered' });
  });

  it.each([
    [['--severity', '7'], '--severity'],
    [['--tz', 'Mars/Olympus_Mons'], '--tz'],
    // The API's zone rule, from the same place in shared/time (DESIGN §4.1): within ±14:00.
    [['--tz', 'UTC+99:99'], '--tz'],
    [['--opened', '2026-12-01T10:00:00+25:00'], '--opened'],
    [['--opened', '2026-12-01T10:00:00'], '--opened'],
    [['--program', 'platinum'], '--program'],
    [['--holiday', '2026-02-30'], '--holiday'],
    [['--holidays', 'XX'], '--holidays'],
  ])('names the invalid argument %j on one line and exits 2', async (override, name) => {
    const args = { '--program': 'basic', '--severity': '2', '--opened': '2026-12-01T10:00:00Z', '--tz': 'UTC' };
    const merged: Record<string, string> = { ...args, [override[0] as string]: override[1] as string };
    const result = await sla(['deadline', ...Object.entries(merged).flat()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(name);
  });

  it('names a missing required argument', async () => {
    const result = await sla(['deadline', '--program', 'basic']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--severity is required/);
  });
});

describe('sla deadlines', () => {
  it('answers JSON lines in order, one per input line, errors included', async () => {
    const input = [
      { program: 'basic', severity: 2, opened: '2026-12-04T14:00:00+01:00', tz: 'Europe/Paris' },
      { program: 'evaluation', severity: 1, opened: '2026-12-04T14:00:00+01:00', tz: 'Europe/Paris' },
      'not json',
      {
        program: 'basic',
        severity: 2,
        opened: '2026-12-24T14:00:00+01:00',
        tz: 'Europe/Paris',
        holidays: 'FR',
        holiday: ['2026-12-28'],
      },
      { program: 'premier', severity: 1, opened: '2026-12-01T10:00:00Z', tz: 'UTC', colour: 'red' },
    ]
      .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
      .join('\n');
    const result = await slaWithInput(['deadlines'], `${input}\n`);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(result.code).toBe(0);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ deadline: '2026-12-07T09:00:00.000Z' });
    expect(lines[1]).toMatchObject({ error: 'severity_not_offered' });
    expect(lines[2]).toMatchObject({ error: 'invalid_json' });
    expect(lines[3]).toMatchObject({ deadline: '2026-12-29T09:00:00.000Z' });
    expect(lines[4]).toMatchObject({ error: 'invalid_argument', argument: 'colour' });
  });

  it('ends quietly with status 0 when its reader closes the pipe early, as `| head` does', async () => {
    const line = `${JSON.stringify({ program: 'basic', severity: 3, opened: '2026-03-02T09:00:00Z', tz: 'UTC' })}\n`;
    const cases = join(mkdtempSync(join(tmpdir(), 'sla-epipe-')), 'cases.jsonl');
    writeFileSync(cases, line.repeat(200_000));
    // stdin a file (the CLI's synchronous read), stdout and stderr pipes.
    const child = spawn(process.execPath, [cli, 'deadlines'], {
      stdio: [openSync(cases, 'r'), 'pipe', 'pipe'],
    }) as ChildProcessByStdio<null, Readable, Readable>;
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk) => resolve(String(chunk))));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    expect(first.split('\n')[0]).toContain('"deadline"');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
