// One simulated co-browse session: starts it through the product's API the way the console and the SDK do (voice key
// issued and redeemed, or an offer created and accepted), connects the customer and one or two agents, sends their
// traffic on every scheduler tick, runs its control episode, ends it by its assigned reason and checks the outcome.
import { connectParticipant } from './client.mjs';
import { TRAFFIC, jsonFrame, mutationSize, snapshotChunk, unitsFor } from './traffic.mjs';
import { ApiError } from './api.mjs';

export const TICK_MS = 100;
/** The contact center's agents all come from one address (its NAT), like a real call center. */
const AGENT_HEADERS = { 'x-forwarded-for': '10.250.0.1' };
const ticks = (seconds) => Math.max(1, Math.round((seconds * 1000) / TICK_MS));

export class SimulatedSession {
  /**
   * @param {{ index: number, channel: 'voice'|'webMessaging'|'webChat', endReason: string, agentCount: number,
   *   control: 'approve'|'deny'|'none', api: any, tenant: any, links: import('./links.mjs').LinkRegistry,
   *   rand: () => number, runId: string, origin: string }} plan
   */
  constructor(plan) {
    Object.assign(this, plan);
    this.interactionId = `load-${plan.runId}-${plan.index}`;
    this.phase = Math.floor(plan.rand() * 1000);
    this.silent = false;
    this.sending = true;
    this.controlling = false;
    this.pending = new Set();
    this.counts = { activityEvents: 0, controlApproved: 0, controlDenied: 0, secondAgentRefused: 0, secondAgentUnexpected: 0, controlErrors: [] };
    this.errors = [];
    // Each customer is a different person on a different address (the stack trusts one proxy hop, as behind Azure's
    // front end), so per-address limits such as 5 key redemptions per 10 minutes apply per customer, as in production.
    const ip = plan.index + 1;
    this.customerHeaders = { origin: plan.origin, 'x-forwarded-for': `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}` };
  }

  get expectedReason() {
    return this.endReason === 'silentVoice' ? 'interactionEnded' : this.endReason;
  }

  async start() {
    const { api, tenant } = this;
    const customer = this.customerHeaders;
    const agentIds = Array.from({ length: this.agentCount }, (_, i) => `agent-${this.index}-${i + 1}`);
    this.agentTokens = [];
    for (const agentId of agentIds) {
      this.agentTokens.push((await api.call('POST', '/agent-tokens', { token: tenant.apiKey, headers: AGENT_HEADERS, body: { agentId, roles: ['agent'] }, route: '/agent-tokens' })).token);
    }
    const iid = encodeURIComponent(this.interactionId);
    let joined;
    if (this.channel === 'voice') {
      const key = await api.call('POST', `/interactions/${iid}/security-keys`, { token: this.agentTokens[0], headers: AGENT_HEADERS, body: {}, route: '/interactions/{id}/security-keys' });
      this.sessionId = key.sessionId;
      joined = await api.call('POST', '/security-keys/redeem', { headers: customer, body: { siteKey: tenant.siteKey, key: key.key }, route: '/security-keys/redeem' });
    } else {
      const offer = await api.call('POST', `/interactions/${iid}/offers`, { token: this.agentTokens[0], headers: AGENT_HEADERS, body: { channel: this.channel }, route: '/interactions/{id}/offers' });
      this.sessionId = offer.sessionId;
      joined = await api.call('POST', `/offers/${offer.offerId}/accept`, { headers: customer, body: { siteKey: tenant.siteKey }, route: '/offers/{id}/accept' });
    }
    this.customerToken = joined.customerToken;
    // The SDK reads the tenant's privacy settings at each session start.
    await api.call('GET', `/sites/${tenant.siteKey}/config`, { headers: customer, route: '/sites/{siteKey}/config' });

    const sid = this.sessionId;
    const negotiate = (token, headers) => () => api.call('POST', `/sessions/${sid}/realtime/negotiate`, { token, headers, route: '/sessions/{id}/realtime/negotiate' });
    const agentNames = agentIds.map((id) => `${sid}:${id}`);
    this.viewLink = this.links.create('customer→agents (view)', agentNames);
    this.guideLinks = agentNames.map(() => this.links.create('agent→customer (guide)', [`${sid}:customer`]));
    this.ctlLink = this.links.create('agent→customer (ctl)', [`${sid}:customer`]);

    this.customer = await connectParticipant({ name: `${sid}:customer`, negotiate: negotiate(this.customerToken, customer), links: this.links });
    this.agents = [];
    for (let i = 0; i < agentIds.length; i += 1) {
      this.agents.push(await connectParticipant({ name: agentNames[i], negotiate: negotiate(this.agentTokens[i], AGENT_HEADERS), links: this.links }));
    }
    // Every side reads the session on (re)connect, as the SDK and console do.
    await api.call('GET', `/sessions/${sid}`, { token: this.customerToken, headers: customer, route: '/sessions/{id}' });
    for (const token of this.agentTokens) await api.call('GET', `/sessions/${sid}`, { token, headers: AGENT_HEADERS, route: '/sessions/{id}' });

    const snapshot = snapshotChunk(this.viewLink);
    this.send(this.customer, this.customer.groups.view, this.viewLink, snapshot.seq, snapshot.data, 'binary', snapshot.bytes);
  }

  /** Sends one frame, counting bytes and billed units per expected delivery; a refused send is not expected anywhere. */
  send(participant, group, link, seq, data, dataType, bytes) {
    const receivers = link.receivers.size;
    link.bytes += bytes * receivers;
    link.units += unitsFor(bytes) * receivers;
    const sent = participant.client.sendToGroup(group, data, dataType, { noEcho: true }).catch(() => {
      link.failed.add(seq);
    });
    this.pending.add(sent);
    sent.finally(() => this.pending.delete(sent));
  }

  sendJson(participant, group, link, kind, bytes, extra) {
    const { frame, seq, bytes: size } = jsonFrame(kind, link, bytes, extra);
    this.send(participant, group, link, seq, frame, 'json', size);
  }

  /** One scheduler tick (100 ms): the frames this moment calls for. */
  tick(t) {
    if (!this.sending || this.silent || !this.customer) return;
    const local = t + this.phase;
    const customer = this.customer;
    const view = customer.groups.view;
    if (local % ticks(1 / TRAFFIC.mutationsPerSecond) === 0) this.sendJson(customer, view, this.viewLink, 'batch', mutationSize(this.rand), { m: 1 });
    if (local % 100 < TRAFFIC.customerMovingSecondsPer10 * 10 && local % ticks(1 / TRAFFIC.pointerPerSecondWhileMoving) === 0) {
      this.sendJson(customer, view, this.viewLink, 'batch', 90, { x: local % 1280, y: local % 720 });
    }
    if (local % ticks(TRAFFIC.scrollEverySeconds) === 7) this.sendJson(customer, view, this.viewLink, 'batch', 110, { s: local % 4000 });
    if (local % ticks(TRAFFIC.activityEverySeconds) === 13) {
      this.counts.activityEvents += 1;
      this.lastActivityAt = Date.now();
      if (this.activityOverHttp) {
        this.api.call('POST', `/sessions/${this.sessionId}/activity`, { token: this.customerToken, headers: this.customerHeaders, body: {}, route: '/sessions/{id}/activity' })
          .catch((e) => this.errors.push(`activity: ${e.message}`));
      } else {
        customer.client.sendEvent('activity', {}, 'json', { fireAndForget: true }).catch(() => undefined);
      }
    }
    this.agents.forEach((agent, i) => {
      const a = local + 37 * (i + 1);
      if (a % 150 < TRAFFIC.agentPointerSecondsPer15 * 10) this.sendJson(agent, agent.groups.guide, this.guideLinks[i], 'pointer', 90, { x: a % 1280, y: a % 720 });
      if (a % ticks(TRAFFIC.agentGuideEverySeconds) === 100) this.sendJson(agent, agent.groups.guide, this.guideLinks[i], 'highlight', 300 + Math.floor(this.rand() * 300));
    });
    if (this.controlling) {
      const agent = this.agents[0];
      if (local % ticks(1 / TRAFFIC.controlFramesPerSecond) === 0) this.sendJson(agent, agent.groups.ctl, this.ctlLink, local % 4 === 0 ? 'click' : 'text', 120);
      if (local % ticks(TRAFFIC.agentActivityEverySeconds) === 0) {
        this.lastActivityAt = Date.now();
        this.api.call('POST', `/sessions/${this.sessionId}/activity`, { token: this.agentTokens[0], headers: AGENT_HEADERS, body: {}, route: '/sessions/{id}/activity' }).catch((e) => this.errors.push(`activity: ${e.message}`));
      }
    }
  }

  /** A navigation request answered by the customer; approved ones run `controlSeconds` of control input, then revoke. */
  async runControl(controlSeconds) {
    const { api, sessionId } = this;
    const sid = sessionId;
    try {
      await api.call('POST', `/sessions/${sid}/control-requests`, { token: this.agentTokens[0], headers: AGENT_HEADERS, body: {}, route: '/sessions/{id}/control-requests' });
      if (this.agentTokens[1]) {
        // The second agent asks while the first holds the request: the service must say no (409) and change nothing.
        try {
          await api.call('POST', `/sessions/${sid}/control-requests`, { token: this.agentTokens[1], headers: AGENT_HEADERS, body: {}, route: '/sessions/{id}/control-requests' });
          this.counts.secondAgentUnexpected += 1;
        } catch (e) {
          if (e instanceof ApiError && e.status === 409) this.counts.secondAgentRefused += 1;
          else throw e;
        }
      }
      await new Promise((r) => setTimeout(r, 300 + this.rand() * 700)); // the customer reads the dialog
      if (this.control === 'deny') {
        await api.call('POST', `/sessions/${sid}/control-requests/deny`, { token: this.customerToken, headers: this.customerHeaders, body: {}, route: '/sessions/{id}/control-requests/deny' });
        this.counts.controlDenied += 1;
        this.lastActivityAt = Date.now();
        return;
      }
      await api.call('POST', `/sessions/${sid}/control-requests/approve`, { token: this.customerToken, headers: this.customerHeaders, body: {}, route: '/sessions/{id}/control-requests/approve' });
      this.counts.controlApproved += 1;
      this.lastActivityAt = Date.now(); // every control change postpones the inactivity end
      this.controlling = true;
      await new Promise((r) => setTimeout(r, controlSeconds * 1000));
      this.controlling = false;
      await this.drain();
      const byCustomer = this.index % 2 === 0;
      await api.call('POST', `/sessions/${sid}/control/revoke`, {
        token: byCustomer ? this.customerToken : this.agentTokens[0], headers: byCustomer ? this.customerHeaders : AGENT_HEADERS, body: {}, route: '/sessions/{id}/control/revoke',
      });
      this.lastActivityAt = Date.now();
    } catch (e) {
      this.controlling = false;
      this.counts.controlErrors.push(e.message);
    }
  }

  /** Waits until every frame sent so far was acknowledged or refused. */
  async drain() {
    await Promise.all([...this.pending]);
  }

  /** Ends the session the way its reason says; inactivity and the silent voice session just go quiet. */
  async end() {
    const { api, tenant, sessionId } = this;
    const iid = encodeURIComponent(this.interactionId);
    this.endRequestedAt = Date.now();
    switch (this.endReason) {
      case 'customerEnded':
        await api.call('POST', `/sessions/${sessionId}/end`, { token: this.customerToken, headers: this.customerHeaders, body: {}, route: '/sessions/{id}/end' });
        break;
      case 'agentEnded':
        await api.call('POST', `/sessions/${sessionId}/end`, { token: this.agentTokens[0], headers: AGENT_HEADERS, body: {}, route: '/sessions/{id}/end' });
        break;
      case 'interactionEnded':
      case 'silentVoice':
        await api.call('POST', `/interactions/${iid}/events`, { token: tenant.apiKey, body: { type: 'ended' }, route: '/interactions/{id}/events' });
        break;
      case 'interactionTransferred':
        await api.call('POST', `/interactions/${iid}/events`, { token: tenant.apiKey, body: { type: 'transferred' }, route: '/interactions/{id}/events' });
        break;
      case 'inactivity':
        break;
      default:
        throw new Error(`unknown end reason ${this.endReason}`);
    }
  }

  read() {
    return this.api.call('GET', `/sessions/${this.sessionId}`, { token: this.tenant.apiKey, route: '/sessions/{id}', check: true });
  }

  /** Final state, timeline (exactly one start and one end) and whether every client was told. */
  async verify() {
    const session = await this.read();
    const timeline = await this.api.call('GET', `/interactions/${encodeURIComponent(this.interactionId)}/timeline`, { token: this.tenant.apiKey, route: '/interactions/{id}/timeline', check: true });
    const events = timeline.events.filter((e) => e.sessionId === this.sessionId);
    const started = events.filter((e) => e.type === 'sessionStarted').length;
    const ended = events.filter((e) => e.type === 'sessionEnded');
    const expected = this.expectedReason;
    const participants = [this.customer, ...this.agents];
    const toldByState = participants.filter((p) => p.states.some((s) => s?.state === 'ended' && s?.endReason === expected)).length;
    const toldByClose = participants.filter((p) => p.closeReasons.includes(`session-ended:${expected}`)).length;
    const told = participants.filter((p) => p.states.some((s) => s?.state === 'ended' && s?.endReason === expected) || p.closeReasons.includes(`session-ended:${expected}`)).length;
    const problems = [];
    if (session.state !== 'ended') problems.push(`state ${session.state}`);
    if (session.endReason !== expected) problems.push(`endReason ${session.endReason} (expected ${expected})`);
    if (started !== 1) problems.push(`${started} sessionStarted events`);
    if (ended.length !== 1) problems.push(`${ended.length} sessionEnded events`);
    if (ended[0] && ended[0].endReason !== expected) problems.push(`timeline end reason ${ended[0].endReason}`);
    if (told !== participants.length) problems.push(`${participants.length - told} of ${participants.length} clients not told`);
    return { sessionId: this.sessionId, channel: this.channel, endReason: this.endReason, expected, actual: session.endReason, ok: problems.length === 0, problems, participants: participants.length, told, toldByState, toldByClose };
  }

  async stop() {
    await Promise.all([this.customer, ...(this.agents ?? [])].filter(Boolean).map((p) => p.stop()));
  }
}
