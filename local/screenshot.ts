/**
 * `npm run screenshot`: starts an in-memory local stack, fills it with a realistic picture, opens the
 * local board in the system's Chromium and writes docs/board.png (the README shows it).
 */
import { mkdirSync } from 'node:fs';
import { fillBoard } from './board-fill.ts';
import { launchChromium } from './browser.ts';
import { seedTickets } from './seed.ts';
import { startLocalStack } from './stack.ts';

const output = process.argv[2] ?? 'docs/board.png';
// The fill replays a few days: the stack's clock runs behind the real one by `lagMs` while it does.
let lagMs = 0;
const stack = await startLocalStack({
  inMemory: true,
  clock: () => new Date(Date.now() - lagMs),
  schedulerPollMs: 50,
  ports: { api: 0, dynamodb: 0, ses: 0, scheduler: 0, board: 0 },
  env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
});
try {
  // A realistic month of a vendor's tickets through the store (DESIGN §11), then a few days replayed through
  // the API so that the functions emit the metrics the graphs draw.
  const seeded = await seedTickets(
    { dynamodbEndpoint: stack.urls.dynamodb, tableName: stack.tableName },
    { tickets: 3_000, months: 1, seed: 20261202 },
  );
  await stack.drainStreams();
  const filled = await fillBoard(stack, {
    tickets: 48,
    travelTo: (at) => {
      lagMs = Date.now() - at.getTime();
    },
  });
  lagMs = 0;
  // Whatever fell due during the replay's last jump is handled before the picture is taken.
  await stack.emulator.runDue();
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
  console.log(
    `${output}: ${seeded.tickets} seeded tickets on ${seeded.accounts} accounts, ${filled.tickets} more through the API`,
  );
} finally {
  await stack.stop();
}
