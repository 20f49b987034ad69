/**
 * AWS cost per million tickets from the measured call counts. List prices, us-east-1, on-demand, as
 * published by AWS in 2025 (the date this table was written from; check the pricing pages before relying
 * on them). Free tiers are ignored, so this is an upper bound for a small team.
 */
export const prices = {
  asOf: '2025 list prices, us-east-1 (check the AWS pricing pages before relying on them)',
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecondArm: 0.0000133334,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  schedulerPerMillionInvocations: 1.0,
  sesPerThousandEmails: 0.1,
  apiGatewayHttpPerMillionRequests: 1.0,
};

/** Assumptions the counts alone cannot give: item sizes, function memory and time per invocation. */
export const assumptions = {
  /** A ticket item with its outbox is 2–4 KB: 3 write units per put, 1 read unit per strongly consistent 4 KB read. */
  writeUnitsPerPut: 3,
  /** A transaction writes the ticket and one or two 1 KB history rows, at twice the unit cost of a plain write. */
  writeUnitsPerTransaction: 2 * (3 + 1),
  readUnitsPerGet: 1,
  readUnitsPerQuery: 1,
  memoryGb: 0.5,
  msPerInvocation: 60,
};

interface Calls {
  dynamodb: number;
  scheduler: number;
  ses: number;
  detail: Record<string, Record<string, number>>;
}

function scenarioCost(calls: Calls, lambdaInvocations: number, apiRequests: number, schedulerFirings: number) {
  const ops = calls.detail.dynamodb ?? {};
  const writeUnits =
    (ops.PutItem ?? 0) * assumptions.writeUnitsPerPut +
    (ops.UpdateItem ?? 0) * assumptions.writeUnitsPerPut +
    (ops.TransactWriteItems ?? 0) * assumptions.writeUnitsPerTransaction;
  const readUnits = (ops.GetItem ?? 0) * assumptions.readUnitsPerGet + (ops.Query ?? 0) * assumptions.readUnitsPerQuery;
  const million = 1_000_000;
  const lambda =
    lambdaInvocations * prices.lambdaPerMillionRequests +
    lambdaInvocations *
      million *
      assumptions.memoryGb *
      (assumptions.msPerInvocation / 1000) *
      prices.lambdaPerGbSecondArm;
  const dynamodb = writeUnits * prices.dynamodbPerMillionWriteUnits + readUnits * prices.dynamodbPerMillionReadUnits;
  const scheduler = schedulerFirings * prices.schedulerPerMillionInvocations;
  const ses = calls.ses * 1000 * prices.sesPerThousandEmails;
  const apiGateway = apiRequests * prices.apiGatewayHttpPerMillionRequests;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    lambda: round(lambda),
    dynamodb: round(dynamodb),
    scheduler: round(scheduler),
    ses: round(ses),
    apiGateway: round(apiGateway),
    total: round(lambda + dynamodb + scheduler + ses + apiGateway),
  };
}

/**
 * open→respond: two API requests, two invocations, no firing. open→breach: one request, its invocation,
 * and two firings (warning, breach) each invoking the timer function.
 */
export function costPerMillionTickets(callsPerTicket: { openRespond: Calls; openBreach: Calls }) {
  const openRespond = scenarioCost(callsPerTicket.openRespond, 2, 2, 0);
  const openBreach = scenarioCost(callsPerTicket.openBreach, 3, 1, 2);
  return {
    prices,
    assumptions,
    openRespond,
    openBreach,
    total: { openRespond: openRespond.total, openBreach: openBreach.total },
  };
}
