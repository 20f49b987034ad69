/** ARNs in the shape the real service returns, under a fixed local account and region. */

export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '000000000000';

export const scheduleArn = (group: string, name: string) =>
  `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule/${group}/${name}`;

export const scheduleGroupArn = (group: string) => `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule-group/${group}`;
