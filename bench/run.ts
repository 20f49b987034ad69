/**
 * `npm run bench`: every figure of the README's Performance section in one run, printed and written to
 * `bench/results/latest.json`. `--quick` shortens the load phases (5 s instead of 30 s) for a smoke run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BoardBenchmark } from './board.ts';
import { measureCliDeadlines } from './cli-deadlines.ts';
import { costPerMillionTickets } from './cost-model.ts';
import { runRulesBenchmark } from './rules-peers.ts';
import { runScaleBenchmark } from './scale.ts';
import { runServiceBenchmark } from './service.ts';
import { runWebhookBenchmark } from './webhooks.ts';

const quick = process.argv.includes('--quick');
const log = (line: string) => process.stderr.write(`${line}\n`);

log('rules layer vs peers (100 000 cases)…');
const rules = await runRulesBenchmark({ cases: quick ? 20_000 : 100_000, log });

log('sla deadlines CLI, whole process…');
const cli = await measureCliDeadlines(quick ? 20_000 : 200_000);

log('cold start: bundle size and import time…');
const bundles = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', 'infra/measure-bundles.ts', '--runs', quick ? '3' : '5'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  }),
) as {
  node: string;
  nodeNote: string;
  emptyModule: { importMs: number };
  coldStartFloor: { bundleKB: number; importMs: number; importCpuMs: number };
  functions: {
    function: string;
    bundleKB: number;
    importMs: number;
    importOverFloor: number;
    importCpuMs: number;
    importCpuOverFloor: number;
  }[];
};
const coldStart = Object.fromEntries(
  bundles.functions.map((f) => [
    f.function,
    // Wall time and CPU time, each against the floor imported just before: on a loaded machine waiting for a core
    // inflates the wall figure, not the CPU one.
    {
      bundleKB: f.bundleKB,
      importMs: f.importMs,
      importOverFloor: f.importOverFloor,
      importCpuMs: f.importCpuMs,
      importCpuOverFloor: f.importCpuOverFloor,
    },
  ]),
);

log('service on the local stack: calls per ticket, breach latency, throughput…');
const service = await runServiceBenchmark({ seconds: quick ? 5 : 30 });
log('webhook deliveries on the local stack: latency per delivery…');
const webhooks = await runWebhookBenchmark({ tickets: quick ? 20 : 60, log });
log('scale: report and list at 1 000, 10 000 and 100 000 tickets, aggregates lag, sweeper…');
const scale = await runScaleBenchmark({ ...(quick ? { sizes: [1_000, 3_000, 10_000] } : {}), log });
log('sla board: 50 at-risk tickets and a 90-day compliance table, function and browser…');
// Its own process: the handlers keep the settings of the first local stack a process starts.
const board = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/board.ts', ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
) as BoardBenchmark;

const strip = ({ dynamodb, scheduler, ses }: { dynamodb: number; scheduler: number; ses: number }) => ({
  dynamodb,
  scheduler,
  ses,
});

const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  quick,
  rules,
  cliDeadlines: cli,
  coldStart,
  coldStartFloor: bundles.coldStartFloor,
  coldStartNode: `${bundles.node}: ${bundles.nodeNote}`,
  coldStartBaselineImportMs: bundles.emptyModule.importMs,
  throughput: service.throughput,
  callsPerTicket: {
    openRespond: strip(service.callsPerTicket.openRespond),
    openBreach: strip(service.callsPerTicket.openBreach),
  },
  callsPerTicketDetail: {
    openRespond: service.callsPerTicket.openRespond.detail,
    openBreach: service.callsPerTicket.openBreach.detail,
  },
  sweepIdleCalls: strip(service.sweepIdleCalls),
  breachLatencyMs: service.breachLatencyMs,
  webhookDeliveryMs: webhooks,
  costPerMillionTickets: costPerMillionTickets(service.callsPerTicket),
  scale,
  board,
};

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);

const lines = [
  `machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}`,
  `rules: ours ${rules.oursPerSec}/s; ${Object.entries(rules.peers)
    .map(([n, v]) => `${n} ${v}/s`)
    .join(
      '; ',
    )}; ${rules.ratioToFastestPeer}× the fastest peer; ${rules.disagreementsWithReference} disagreements with the reference on ${rules.referenceChecked} cases`,
  `sla deadlines CLI (whole process, ${cli.cases} cases): UTC ${cli.utc.cliPerSec}/s vs moment-business-time ${cli.utc.momentPerSec}/s = ${cli.utc.ratio}x (${cli.utc.differences} different deadlines); zones and holidays ${cli.zonesAndHolidays.cliPerSec}/s = ${cli.zonesAndHolidays.ratioToFastestPeer}x ${cli.zonesAndHolidays.fastestPeer}`,
  `cold start (import ms / bundle KB / import ÷ floor wall, CPU): ${Object.entries(coldStart)
    .map(([n, v]) => `${n} ${v.importMs}/${v.bundleKB}/${v.importOverFloor}×, ${v.importCpuOverFloor}×`)
    .join(
      ', ',
    )} (floor ${bundles.coldStartFloor.importMs}/${bundles.coldStartFloor.bundleKB}, empty module ${bundles.emptyModule.importMs} ms; ${bundles.node})`,
  `POST /tickets: ${Object.entries(service.throughput)
    .map(([c, t]) => `c=${c}: ${t.perSec}/s p50 ${t.p50Ms} ms p99 ${t.p99Ms} ms`)
    .join('; ')}`,
  `calls per ticket: open→respond ${JSON.stringify(result.callsPerTicket.openRespond)}, open→breach ${JSON.stringify(result.callsPerTicket.openBreach)}`,
  `deadline → breach row + e-mail: p50 ${service.breachLatencyMs.p50} ms, max ${service.breachLatencyMs.max} ms (${service.breachLatencyMs.samples} tickets)`,
  `webhook delivery → 200: p50 ${webhooks.p50Ms} ms, p99 ${webhooks.p99Ms} ms, max ${webhooks.maxMs} ms (${webhooks.deliveries} deliveries, ${webhooks.concurrency} senders, ${webhooks.errors} errors)`,
  `cost per million tickets (USD): ${JSON.stringify(result.costPerMillionTickets.total)}`,
  `scale (tickets in the month → report ms / first page ms / report read units): ${scale.sizes
    .map((n) => `${n}: ${scale.reportMs[n]} / ${scale.firstPageMs[n]} / ${scale.reportReadUnits[n]}`)
    .join(
      '; ',
    )}; ratios to ${scale.sizes[0]}: report ${JSON.stringify(scale.reportRatio)}, first page ${JSON.stringify(scale.firstPageRatio)}`,
  `aggregates lag behind a write: p50 ${scale.aggregateLagMs.p50} ms, max ${scale.aggregateLagMs.max} ms; sweeper ${scale.sweeper.perSec} tickets/s (${scale.sweeper.handled} in ${scale.sweeper.seconds} s)`,
  `sla board (50 at risk, 90-day compliance of ${board.ticketsInRange} tickets): function at_risk ${board.handler.atRisk.p50Ms} ms, compliance ${board.handler.compliance.p50Ms} ms (p50; first ${board.handler.atRisk.firstMs}/${board.handler.compliance.firstMs} ms); Chromium first paint ${board.browser.firstPaintMs} ms, refresh p50 ${board.browser.refreshP50Ms} ms (max ${board.browser.refreshMaxMs} ms)`,
  'written to bench/results/latest.json',
];
console.log(lines.join('\n'));
process.exit(0);
