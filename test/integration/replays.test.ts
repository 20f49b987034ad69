/**
 * A captured intake without `externalId`, replayed (DESIGN §4.1: every signed write counts once): the same
 * bytes and headers again, later in the window or several at once, never open a second ticket nor send a
 * second acknowledgement. Counted in the table itself and in the SES server's store.
 */
import { describe, expect, it } from 'vitest';
import { unixSeconds } from '../../local/sign.ts';
import { manualClock } from '../../shared/time/clock.ts';
import { putAccount, type TicketJson, ticketBody } from '../support/fixtures.ts';
import { scanTable, signedFetch, useLocalStack } from '../support/local-stack.ts';

const SECOND = 1000;
// Tuesday 1 June 2027, 10:00 in Paris.
const clock = manualClock('2027-06-01T08:00:00Z');
const local = useLocalStack({ clock });

/** The ticket items of the table that belong to `supportId`. */
async function ticketsOf(supportId: string) {
  return (await scanTable(local.stack)).filter(
    (item) => item.pk?.S?.startsWith('TICKET#') && item.sk?.S === 'TICKET' && item.supportId?.S === supportId,
  );
}

/** The mail about a ticket: a new ticket gets its acknowledgement and nothing else. */
const acknowledgements = async (ticketId: string) =>
  (await local.stack.sentMail()).filter((mail) => mail.subject.includes(ticketId));

describe('a replayed intake without externalId', () => {
  it('opens one ticket: the replay, 250 s later, gets the first answer and writes nothing', async () => {
    const { stack } = local;
    await putAccount(stack, 'REPLAY-SEQ', 'production');
    const body = ticketBody('REPLAY-SEQ', { severity: 2 });
    expect(body).not.toHaveProperty('externalId');
    const timestamp = unixSeconds(clock());
    const first = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body, { timestamp });
    expect(first.status, first.text).toBe(201);
    const afterFirst = await scanTable(stack);

    // The same signed request, captured and sent again while its timestamp is still accepted.
    clock.advance(250 * SECOND);
    const again = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body, { timestamp });
    expect(again.status, again.text).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await scanTable(stack)).toEqual(afterFirst);
    expect(await ticketsOf('REPLAY-SEQ')).toHaveLength(1);
    expect(await acknowledgements(first.json.ticketId)).toHaveLength(1);

    // The same body signed anew is another delivery, and without an externalId another ticket: the guard above
    // is the signature's, not a body comparison.
    const resigned = await signedFetch<TicketJson>(stack, 'POST', '/tickets', body);
    expect(resigned.status, resigned.text).toBe(201);
    expect(resigned.json.ticketId).not.toBe(first.json.ticketId);
    expect(await ticketsOf('REPLAY-SEQ')).toHaveLength(2);
  });

  it('opens one ticket when eight copies of one signed request arrive at once', async () => {
    const { stack } = local;
    await putAccount(stack, 'REPLAY-BURST', 'production');
    const body = ticketBody('REPLAY-BURST', { severity: 3 });
    const timestamp = unixSeconds(clock());
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => signedFetch<TicketJson>(stack, 'POST', '/tickets', body, { timestamp })),
    );
    // One applies; a copy that overlaps it is told so (409, retry later), one that follows gets the first answer.
    const opened = answers.filter((answer) => answer.status === 201);
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(new Set(opened.map((answer) => answer.json.ticketId)).size).toBe(1);
    expect(
      answers.filter((answer) => answer.status !== 201).map((answer) => answer.json),
      answers.map((answer) => `${answer.status} ${answer.text}`).join('\n'),
    ).toEqual(
      answers
        .filter((answer) => answer.status !== 201)
        .map(() => expect.objectContaining({ error: 'request_in_progress' })),
    );
    const tickets = await ticketsOf('REPLAY-BURST');
    expect(tickets.map((item) => item.ticketId?.S)).toEqual([opened[0]?.json.ticketId]);
    expect(await acknowledgements(opened[0]?.json.ticketId as string)).toHaveLength(1);
  });
});
