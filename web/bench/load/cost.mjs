// Projected Azure cost per 1,000 sessions like the measured ones, from the counts of one run.
// Prices are USD pay-as-you-go list prices (East US); they change: check the Azure pricing calculator.
export const PRICES = {
  source: [
    'Web PubSub billing model: https://learn.microsoft.com/azure/azure-web-pubsub/concept-billing-model (outbound traffic in 2 KB units; 1,000 connections per unit)',
    'Web PubSub Standard_S1 ≈ $49 per unit per month (≈ $1.61 per unit-day), 1,000,000 messages per unit per day included, then ≈ $1 per million (infra/README.md "Cost", from the Azure pricing page)',
    'Functions Flex Consumption on demand: $0.000026 per GB-s and $0.40 per million executions (https://modal.com/blog/azure-function-pricing-guide, May 2025, quoting the Azure pricing page); free grants ignored',
    'Storage (GPv2, LRS, hot): Table $0.00036 per 10,000 transactions; Queue ≈ $0.004 per 10,000 operations; Blob ≈ $0.055 per 10,000 writes/leases and $0.0044 per 10,000 reads (Azure storage pricing pages as remembered, not re-read offline: treat as approximate)',
  ],
  readOn: '2026-11-26',
  webPubSubUnitPerDay: 49 / 30.4,
  webPubSubConnectionsPerUnit: 1000,
  webPubSubTargetUtilization: 0.8,
  webPubSubPerMillionMessages: 1.0,
  webPubSubIncludedMessagesPerUnitDay: 1_000_000,
  functionsPerMillionExecutions: 0.4,
  functionsPerGbSecond: 0.000026,
  instanceMemoryGb: 2, // infra/main.bicep instanceMemoryMB = 2048
  durableExecutionSeconds: 0.05, // assumed: an entity operation batch, orchestration episode or activity
  tablePer10k: 0.00036,
  queuePer10k: 0.004,
  blobWritePer10k: 0.055,
  blobReadPer10k: 0.0044,
};

/**
 * @param {{ sessions: number, sessionMinutes: number, connectionsPerSession: number, messageUnits: number,
 *   upstreamEvents: number, httpRequests: number, httpSeconds: number, durableMessages: number,
 *   table: number, queue: number, blobWrites: number, blobReads: number }} m  totals of the run
 */
export function projectCost(m) {
  const per1000 = (x) => (x / m.sessions) * 1000;
  const p = PRICES;

  // Units are capacity: a session holds its connections for its duration; a unit runs 24 h at 80 % of 1,000.
  const connectionMinutes = per1000(m.connectionsPerSession * m.sessionMinutes * m.sessions);
  const unitDays = connectionMinutes / (p.webPubSubConnectionsPerUnit * p.webPubSubTargetUtilization * 1440);
  const units = unitDays * p.webPubSubUnitPerDay;
  // Every outbound 2 KB unit: deliveries of frames and state frames, plus each upstream event (at least one unit).
  const messages = per1000(m.messageUnits + m.upstreamEvents);
  const messagesGross = (messages / 1e6) * p.webPubSubPerMillionMessages;
  const includedWithUnits = unitDays * p.webPubSubIncludedMessagesPerUnitDay;
  const messagesNet = (Math.max(0, messages - includedWithUnits) / 1e6) * p.webPubSubPerMillionMessages;

  // Executions: every HTTP call and upstream event, and (upper bound) one per durable queue message.
  const executions = per1000(m.httpRequests + m.upstreamEvents + m.durableMessages);
  const httpSecondsPerCall = m.httpRequests > 0 ? m.httpSeconds / m.httpRequests : 0;
  const gbSeconds = per1000((m.httpRequests + m.upstreamEvents) * httpSecondsPerCall + m.durableMessages * p.durableExecutionSeconds) * p.instanceMemoryGb;
  const functions = (executions / 1e6) * p.functionsPerMillionExecutions + gbSeconds * p.functionsPerGbSecond;

  const storage = (per1000(m.table) / 1e4) * p.tablePer10k + (per1000(m.queue) / 1e4) * p.queuePer10k
    + (per1000(m.blobWrites) / 1e4) * p.blobWritePer10k + (per1000(m.blobReads) / 1e4) * p.blobReadPer10k;

  return {
    assumptions: {
      sessionMinutes: m.sessionMinutes,
      connectionsPerSession: m.connectionsPerSession,
      httpSecondsPerCall,
      ...p,
    },
    per1000Sessions: {
      webPubSub: { connectionMinutes, unitDays, unitsUsd: units, messages, messagesUsdGross: messagesGross, messagesUsdAfterIncluded: messagesNet, usd: units + messagesGross },
      functions: { executions, gbSeconds, usd: functions },
      storage: { table: per1000(m.table), queue: per1000(m.queue), blobWrites: per1000(m.blobWrites), blobReads: per1000(m.blobReads), usd: storage },
      totalUsd: units + messagesGross + functions + storage,
    },
  };
}
