/**
 * A Lambda instance that really dies (test/integration/faults.test.ts): this child process runs one real
 * invocation of a function of the list against the parent's local services (their endpoints come in the
 * environment, as `LocalStack.env` gives them), at the instant the parent names. When the handler reaches
 * its first SES send, every write before it has been committed; the child then tells the parent
 * (`{"reached": "SendEmail"}` over IPC) and waits, without sending, for the parent's SIGKILL.
 *
 * Usage: node --import tsx test/support/crash-child.ts <function> <event JSON> <ISO instant>
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { createInvoker } from '../../local/invoker.ts';
import { manualClock, useClock } from '../../shared/time/clock.ts';

const [functionName, event, at] = process.argv.slice(2);
if (!functionName || !event || !at || !process.send) {
  throw new Error('usage: node --import tsx crash-child.ts <function> <event JSON> <ISO instant>, with an IPC channel');
}
useClock(manualClock(at));
// Never outlive the test that started it.
process.on('disconnect', () => process.exit(1));

// The SDK client's `send`, not our code: the handler runs unchanged up to the call that would send mail.
const send = SESv2Client.prototype.send;
SESv2Client.prototype.send = function (this: SESv2Client, command: unknown, ...rest: unknown[]) {
  if (command instanceof SendEmailCommand) {
    process.send?.({ reached: 'SendEmail', subject: command.input.Content?.Simple?.Subject?.Data ?? '' });
    return new Promise(() => {});
  }
  return (send as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
} as typeof SESv2Client.prototype.send;

createInvoker()
  .invoke(functionName, JSON.parse(event))
  .then(
    (result) => process.send?.({ finished: result ?? null }),
    (error: unknown) => process.send?.({ failed: String(error) }),
  );
