/**
 * The local SLA board in a real browser (DESIGN §10): Debian's Chromium driven by playwright-core, against
 * a real local stack. A ticket near its deadline shows under at risk, then under breached by itself; the
 * compliance table equals `GET /reports/sla`; the drill-down shows the history; a hostile subject is text.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchChromium } from '../../local/browser.ts';
import { openTicket, putAccount, type TicketJson } from '../support/fixtures.ts';
import { signedFetch, useLocalStack } from '../support/local-stack.ts';

const local = useLocalStack();
const HOSTILE = '<img src=x onerror=alert(1)>';
const MINUTE = 60_000;

let browser: LaunchedBrowser;
let page: Page;
const problems: string[] = [];
let nearDeadline: TicketJson;
let hostile: TicketJson;

beforeAll(async () => {
  const { stack } = local;
  await putAccount(stack, 'BOARD-PREMIER', 'premier');
  await putAccount(stack, 'BOARD-PROD', 'production');
  hostile = await openTicket(stack, 'BOARD-PROD', { severity: 4, subject: HOSTILE });

  browser = await launchChromium({ timezoneId: 'Europe/Paris' });
  page = await browser.context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(`${stack.urls.board}/?refresh=1`);
  await page.evaluate(() => {
    (globalThis as { loadedOnce?: boolean }).loadedOnce = true;
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const row = (widget: string, ticketId: string) =>
  page.locator(`[data-widget="${widget}"] tr[data-ticket="${ticketId}"]`);

describe('the local board', () => {
  it('shows a ticket near its deadline under at risk, then under breached by itself, without a reload', async () => {
    // Opened once the page shows: premier S1 is 30 minutes on the wall clock, so a ticket opened 29 min 30 s
    // ago is past its warning and due in 30 s.
    await page.waitForSelector('body[data-refreshes]');
    nearDeadline = await openTicket(local.stack, 'BOARD-PREMIER', {
      severity: 1,
      subject: 'Cluster down after upgrade',
      openedAt: new Date(Date.now() - 29 * MINUTE - 30_000).toISOString(),
    });
    await row('at-risk', nearDeadline.ticketId).waitFor({ timeout: 25_000 });
    expect(await row('at-risk', nearDeadline.ticketId).getAttribute('class')).toBe('warned');
    expect(await row('breached', nearDeadline.ticketId).count()).toBe(0);

    await row('breached', nearDeadline.ticketId).waitFor({ timeout: 60_000 });
    expect(await row('at-risk', nearDeadline.ticketId).count()).toBe(0);
    // Still the same document: the page refreshed its widgets itself.
    expect(await page.evaluate(() => (globalThis as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await row('breached', nearDeadline.ticketId).textContent()).toContain('Cluster down after upgrade');
  }, 120_000);

  it('shows a hostile subject as text and runs nothing from it', async () => {
    const subject = row('at-risk', hostile.ticketId).locator('td.subject');
    await subject.waitFor({ timeout: 15_000 });
    expect(await subject.textContent()).toBe(HOSTILE);
    expect(await page.locator('.grid img').count()).toBe(0);
    expect(problems.filter((problem) => problem.startsWith('dialog'))).toEqual([]);
  });

  it('shows the same compliance numbers as GET /reports/sla for the dashboard time range', async () => {
    await row('breached', nearDeadline.ticketId).waitFor({ timeout: 45_000 });
    // Both over the board's default range, the last 24 hours; the page's next refresh is read after the call.
    const to = new Date();
    const from = new Date(to.getTime() - 24 * 60 * MINUTE);
    const report = await signedFetch<{ rows: Record<string, number | string | null>[] }>(
      local.stack,
      'GET',
      `/reports/sla?from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    expect(report.status, report.text).toBe(200);
    expect(report.json.rows.length).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1500);
    const shown = await page.locator('[data-widget="compliance"] tr[data-program]').evaluateAll((rows) =>
      rows.map((tr) => ({
        program: tr.getAttribute('data-program'),
        severity: Number(tr.getAttribute('data-severity')),
        ...Object.fromEntries(
          [...tr.querySelectorAll('[data-col]')].map((cell) => [
            cell.getAttribute('data-col'),
            cell.textContent?.trim(),
          ]),
        ),
      })),
    );
    const expected = report.json.rows.map((reportRow) => ({
      program: reportRow.program,
      severity: reportRow.severity,
      opened: String(reportRow.opened),
      met: String(reportRow.met),
      breached: String(reportRow.breached),
      running: String(reportRow.running),
      bestEffort: String(reportRow.bestEffort),
      metPercent: reportRow.metPercent === null ? '–' : `${reportRow.metPercent} %`,
      p50: reportRow.p50ResponseMinutes === null ? '–' : String(reportRow.p50ResponseMinutes),
      p90: reportRow.p90ResponseMinutes === null ? '–' : String(reportRow.p90ResponseMinutes),
    }));
    expect(shown).toEqual(expected);
    expect(shown).toContainEqual(expect.objectContaining({ program: 'premier', severity: 1, breached: '1' }));
  });

  it('drills down from a ticket to its SLA and history in a popup', async () => {
    await row('breached', nearDeadline.ticketId).locator('a.ticket-link').click();
    const popup = page.locator('dialog#popup[open]');
    await popup.waitFor({ timeout: 10_000 });
    await expect.poll(() => popup.textContent(), { timeout: 10_000 }).toContain('History');
    const shown = await popup.textContent();
    expect(shown).toContain(nearDeadline.ticketId);
    expect(shown).toContain('Cluster down after upgrade');
    expect(shown).toContain('Opened');
    expect(shown).toContain('breached');
  });

  it('had no script error, console error or dialog on the page', () => {
    expect(problems).toEqual([]);
  });
});
