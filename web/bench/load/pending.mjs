// Sessions that end before anyone joins: an offer declined, a voice key never redeemed (keyExpired) and an offer never
// answered (offerExpired). Checked at the end: ended with that reason, no sessionStarted, exactly one sessionEnded.

export async function startPendingSessions({ api, tenant, origin, runId, count }) {
  const agent = (await api.call('POST', '/agent-tokens', { token: tenant.apiKey, body: { agentId: 'pending-agent' }, route: '/agent-tokens' })).token;
  const createdAt = Date.now();
  const made = [];
  for (let i = 0; i < count; i += 1) {
    const channel = i % 2 === 0 ? 'webMessaging' : 'webChat';
    const declined = await api.call('POST', `/interactions/load-${runId}-declined-${i}/offers`, { token: agent, body: { channel }, route: '/interactions/{id}/offers' });
    await api.call('POST', `/offers/${declined.offerId}/decline`, { headers: { origin, 'x-forwarded-for': `10.200.${(i >> 8) & 255}.${(i & 255) + 1}` }, body: { siteKey: tenant.siteKey }, route: '/offers/{id}/decline' });
    made.push({ reason: 'offerDeclined', interactionId: declined.interactionId, sessionId: declined.sessionId });
    const key = await api.call('POST', `/interactions/load-${runId}-key-${i}/security-keys`, { token: agent, body: {}, route: '/interactions/{id}/security-keys' });
    made.push({ reason: 'keyExpired', interactionId: key.interactionId, sessionId: key.sessionId });
    const offer = await api.call('POST', `/interactions/load-${runId}-offer-${i}/offers`, { token: agent, body: { channel }, route: '/interactions/{id}/offers' });
    made.push({ reason: 'offerExpired', interactionId: offer.interactionId, sessionId: offer.sessionId });
  }

  return {
    sessions: made,
    /** One verdict per pending session; expiries are skipped when their lifetime (unknown for an external stack) may not be over. */
    async verify(lifetimeSeconds, externalStack) {
      const elapsed = (Date.now() - createdAt) / 1000;
      const expiriesDue = elapsed > (externalStack ? 300 : lifetimeSeconds) + 30;
      const verdicts = [];
      for (const p of made) {
        if (p.reason !== 'offerDeclined' && !expiriesDue) {
          verdicts.push({ ...p, ok: null, problems: [`not checked: only ${Math.round(elapsed)} s since it was created`] });
          continue;
        }
        const session = await api.call('GET', `/sessions/${p.sessionId}`, { token: tenant.apiKey, route: '/sessions/{id}', check: true });
        const timeline = await api.call('GET', `/interactions/${encodeURIComponent(p.interactionId)}/timeline`, { token: tenant.apiKey, route: '/interactions/{id}/timeline', check: true });
        const events = timeline.events.filter((e) => e.sessionId === p.sessionId);
        const problems = [];
        if (session.state !== 'ended' || session.endReason !== p.reason) problems.push(`state ${session.state}, endReason ${session.endReason}`);
        if (events.some((e) => e.type === 'sessionStarted')) problems.push('has a sessionStarted event');
        const ended = events.filter((e) => e.type === 'sessionEnded');
        if (ended.length !== 1) problems.push(`${ended.length} sessionEnded events`);
        verdicts.push({ ...p, ok: problems.length === 0, problems });
      }
      return verdicts;
    },
  };
}
