/**
 * The peer script of the CLI benchmark, whole process: reads JSON lines `{"opened","minutes"}`, adds that
 * many working minutes with moment-business-time (Mon–Fri 08:00–20:00, the `basic` window, in the process's
 * zone: run with TZ=UTC) and prints one ISO deadline per line. Plain JavaScript, so no loader is timed.
 * Usage: `TZ=UTC node bench/moment-deadlines.mjs < cases.jsonl`.
 */
import { readFileSync } from 'node:fs';
import moment from 'moment';
import 'moment-business-time';

const day = ['08:00:00', '20:00:00'];
moment.updateLocale(moment.locale(), { workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null } });

const out = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (line === '') continue;
  const { opened, minutes } = JSON.parse(line);
  out.push(moment(opened).addWorkingTime(minutes, 'minutes').toISOString());
}
process.stdout.write(`${out.join('\n')}\n`);
