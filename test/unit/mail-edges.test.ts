/** The mail renderer's refusals and the objective's smallest values (issue 14). */
import { describe, expect, it } from 'vitest';
import { formatObjective, renderEmail } from '#shared/mail/render.ts';

describe('formatObjective at zero and below', () => {
  it('reads 0 minutes, and refuses a negative or fractional objective naming it', () => {
    expect(formatObjective(0, 'wall', 'en')).toBe('0 minutes');
    expect(() => formatObjective(-1, 'wall', 'en')).toThrow(
      new RangeError('An objective is a whole, non-negative number of minutes, not -1'),
    );
    expect(() => formatObjective(1.5, 'business', 'en')).toThrow(/not 1\.5$/);
  });
});

describe('renderEmail refuses', () => {
  it('a template id the language does not have', () => {
    expect(() => renderEmail('no_such_template' as never, 'en', {} as never)).toThrow(
      new Error('No e-mail template no_such_template for language en'),
    );
  });

  it('a placeholder without a string value, naming the template, its language and the placeholder', () => {
    expect(() => renderEmail('escalation_ack', 'de', { ticketId: 'T-1' } as never)).toThrow(
      new Error('E-mail template escalation_ack (de) needs a value for {{subject}}'),
    );
    expect(() => renderEmail('escalation_ack', 'en', { ticketId: 'T-1', subject: 7 } as never)).toThrow(
      /escalation_ack \(en\) needs a value for \{\{subject\}\}/,
    );
  });
});
