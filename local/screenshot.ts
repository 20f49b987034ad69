/**
 * `npm run screenshot`: starts an in-memory local stack, fills it with a realistic picture, opens the
 * local board in the system's Chromium and writes docs/board.png (the README shows it).
 */
import { mkdirSync } from 'node:fs';
import { fillBoard } from './board-fill.ts';
import { launchChromium } from './browser.ts';
import { startLocalStack } from './stack.ts';

const output = process.argv[2] ?? 'docs/board.png';
const stack = await startLocalStack({
  inMemory: true,
  ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0, board: 0 },
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
try {
  const filled = await fillBoard(stack, { tickets: 48 });
  // The sweeper marks overdue tickets breached and sends their alerts, as the minute's sweep would.
  await stack.invoker.invoke('sweeper', {});
  const browser = await launchChromium({ width: 1600, height: 1200, timezoneId: 'Europe/Paris' });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${stack.urls.board}/?range=72`);
    // The page counts its refreshes on <body data-refreshes>: one means every widget has been drawn.
    await page.waitForSelector('body[data-refreshes]');
    mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: output, fullPage: true });
  } finally {
    await browser.close();
  }
  console.log(`${output}: ${filled.tickets} tickets on ${filled.accounts} accounts`);
} finally {
  await stack.stop();
}
