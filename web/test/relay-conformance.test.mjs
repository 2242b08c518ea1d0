// Conformance of the local stack's Web PubSub relay with Microsoft's own SDKs: @azure/web-pubsub-client (the browser
// and Node client), @azure/web-pubsub (the server's REST client) and @azure/web-pubsub-express (the upstream handler).
// Starts the built local stack (dotnet build first) on free ports with its own Azurite, and an express upstream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import { WebPubSubClient, WebPubSubJsonProtocol } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { WebPubSubEventHandler } from '@azure/web-pubsub-express';
import { freePort, startLocalStack } from '../tools/local-stack-process.mjs';

const hub = 'cobrowse';
const accessKey = 'relay-js-conformance-access-key-0000000000';

let stackProcess;
let stackPort;
let upstreamServer;
let service;
const upstreamEvents = [];
const clients = [];

const waitFor = async (predicate, ms = 20000, what = 'condition') => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
};

const startUpstream = async () => {
  const handler = new WebPubSubEventHandler(hub, {
    handleConnect: (req, res) => {
      upstreamEvents.push({ event: 'connect', context: req.context, claims: req.claims, queries: req.queries });
      if (req.queries?.reject?.[0] === 'yes') {
        res.fail(401, 'rejected by the upstream');
        return;
      }
      res.success();
    },
    onConnected: (req) => upstreamEvents.push({ event: 'connected', context: req.context }),
    handleUserEvent: (req, res) => {
      if (req.context.eventName === 'wipe') return res.fail(400, `unknown event '${req.context.eventName}'`);
      if (req.context.eventName === 'crash') return res.fail(500, 'stack trace the client must not see');
      return res.success();
    },
    onDisconnected: (req) => upstreamEvents.push({ event: 'disconnected', context: req.context, reason: req.reason }),
  });
  const app = express();
  app.use(handler.getMiddleware());
  const port = await freePort();
  upstreamServer = await new Promise((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
  });
  return port;
};

const startStack = async (upstreamPort) => {
  stackProcess = await startLocalStack({
    accessKey,
    env: {
      LocalStack__Durable__TaskHubName: 'RelayJsTests',
      LocalStack__Relay__UpstreamUrlTemplate: `http://127.0.0.1:${upstreamPort}/api/webpubsub/hubs/{hub}/`,
    },
  });
  stackPort = stackProcess.port;
};

before(async () => {
  const upstreamPort = await startUpstream();
  await startStack(upstreamPort);
  service = new WebPubSubServiceClient(`Endpoint=http://127.0.0.1;Port=${stackPort};AccessKey=${accessKey};Version=1.0;`, hub, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  });
}, { timeout: 180000 });

after(async () => {
  clients.forEach((c) => c.stop());
  await stackProcess?.stop();
  await new Promise((resolve) => (upstreamServer ? upstreamServer.close(resolve) : resolve()));
});

const connect = async ({ userId, roles, groups, reliable = true, extraQuery = '', retries = 3 } = {}) => {
  const client = new WebPubSubClient(
    {
      getClientAccessUrl: async () => (await service.getClientAccessToken({ userId, roles, groups })).url + extraQuery,
    },
    {
      protocol: reliable ? undefined : WebPubSubJsonProtocol(),
      messageRetryOptions: { maxRetries: retries },
      reconnectRetryOptions: { maxRetries: 3 },
    },
  );
  client.received = [];
  client.on('group-message', (e) => client.received.push(e.message));
  client.on('server-message', (e) => client.received.push(e.message));
  const connected = new Promise((resolve) => client.on('connected', resolve));
  clients.push(client);
  await client.start();
  client.connectionId = (await connected).connectionId;
  return client;
};

test('a client connects, joins a group, sends to it and the group message arrives with the sender', { timeout: 60000 }, async () => {
  const agent = await connect({ userId: 'agent-1', roles: ['webpubsub.joinLeaveGroup.s.10.view'] });
  const customer = await connect({ userId: 'customer-1', roles: ['webpubsub.sendToGroup.s.10.view'] });

  await agent.joinGroup('s.10.view');
  const ack = await customer.sendToGroup('s.10.view', { v: 1, t: 'frame' }, 'json');

  assert.equal(typeof ack.ackId, 'number');
  await waitFor(() => agent.received.length === 1, 20000, 'the group message');
  assert.equal(agent.received[0].group, 's.10.view');
  assert.equal(agent.received[0].fromUserId, 'customer-1');
  assert.deepEqual(agent.received[0].data, { v: 1, t: 'frame' });
});

test('sending without permission is rejected with a Forbidden error and reaches no one', { timeout: 60000 }, async () => {
  const customer = await connect({ userId: 'customer-2', groups: ['s.11.ctl'] });
  const agent = await connect({ userId: 'agent-2', roles: ['webpubsub.sendToGroup.s.11.view'], retries: 0 });

  await assert.rejects(agent.sendToGroup('s.11.ctl', 'click', 'text'), (e) => {
    assert.equal(e.name, 'SendMessageError');
    assert.equal(e.errorDetail?.name, 'Forbidden');
    return true;
  });
  await service.group('s.11.ctl').sendToAll('marker', { contentType: 'text/plain' });
  await waitFor(() => customer.received.length === 1, 20000, 'the marker');
  assert.equal(customer.received[0].data, 'marker');
});

test('an expired access token makes start() reject with 401', { timeout: 60000 }, async () => {
  const { url } = await service.getClientAccessToken({ userId: 'late', expirationTimeInMinutes: -10 });
  const client = new WebPubSubClient(url, { reconnectRetryOptions: { maxRetries: 0 } });

  await assert.rejects(client.start(), /401/);
  client.stop();
});

test('an upstream that rejects connect makes start() reject with its status', { timeout: 60000 }, async () => {
  const { url } = await service.getClientAccessToken({ userId: 'rejected' });
  const client = new WebPubSubClient(url + '&reject=yes', { reconnectRetryOptions: { maxRetries: 0 } });

  await assert.rejects(client.start(), /401/);
  client.stop();
});

test('a dropped reliable socket is recovered with no lost or duplicated messages', { timeout: 90000 }, async () => {
  const client = await connect({ userId: 'recovering', groups: ['s.12.view'] });
  const group = service.group('s.12.view');
  let disconnected = 0;
  client.on('disconnected', () => disconnected++);
  for (let i = 1; i <= 3; i++) await group.sendToAll(`m${i}`, { contentType: 'text/plain' });
  await waitFor(() => client.received.length === 3, 20000, 'the first messages');

  client._wsClient._socket.terminate(); // abrupt: no close frame, so the client recovers
  for (let i = 4; i <= 6; i++) await group.sendToAll(`m${i}`, { contentType: 'text/plain' });

  await waitFor(() => client.received.length >= 6, 40000, 'the messages sent while recovering');
  await group.sendToAll('m7', { contentType: 'text/plain' });
  await waitFor(() => client.received.length >= 7, 20000, 'a message after recovery');
  assert.deepEqual(client.received.map((m) => m.data), ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  assert.deepEqual(client.received.map((m) => m.sequenceId), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(disconnected, 0, 'recovered, not reconnected');
  assert.equal(await service.connectionExists(client.connectionId), true);
});

test('the server SDK adds connections to groups, sends to them and manages permissions', { timeout: 60000 }, async () => {
  const customer = await connect({ userId: 'customer-3', reliable: false });
  const agent = await connect({ userId: 'agent-3', retries: 0 });
  const ctl = service.group('s.13.ctl');

  await ctl.addConnection(customer.connectionId);
  assert.equal(await service.groupExists('s.13.ctl'), true);
  assert.equal(await service.hasPermission(agent.connectionId, 'sendToGroup', { targetName: 's.13.ctl' }), false);
  await service.grantPermission(agent.connectionId, 'sendToGroup', { targetName: 's.13.ctl' });
  assert.equal(await service.hasPermission(agent.connectionId, 'sendToGroup', { targetName: 's.13.ctl' }), true);
  await agent.sendToGroup('s.13.ctl', 'click-1', 'text');
  await service.revokePermission(agent.connectionId, 'sendToGroup', { targetName: 's.13.ctl' });
  await assert.rejects(agent.sendToGroup('s.13.ctl', 'click-2', 'text'), (e) => e.errorDetail?.name === 'Forbidden');
  await ctl.sendToAll({ from: 'server' });

  await waitFor(() => customer.received.length === 2, 20000, 'the granted message and the server message');
  assert.equal(customer.received[0].data, 'click-1');
  assert.deepEqual(customer.received[1].data, { from: 'server' });
  await assert.rejects(ctl.addConnection('no-such-connection'), (e) => e.statusCode === 404);
});

test('closeConnection delivers disconnected with the reason and the connection no longer exists', { timeout: 60000 }, async () => {
  const client = await connect({ userId: 'closing' });
  const disconnected = new Promise((resolve) => client.on('disconnected', resolve));
  assert.equal(await service.connectionExists(client.connectionId), true);

  await service.closeConnection(client.connectionId, { reason: 'session ended' });

  const event = await disconnected;
  assert.equal(event.message?.message, 'session ended');
  assert.equal(await service.connectionExists(client.connectionId), false);
  client.stop();
});

test('the express upstream handler accepts the relay\'s connect, connected and disconnected events', { timeout: 60000 }, async () => {
  const client = await connect({ userId: 'upstream-user', roles: ['webpubsub.joinLeaveGroup'] });
  const id = client.connectionId;

  await waitFor(() => upstreamEvents.some((e) => e.event === 'connected' && e.context.connectionId === id), 20000, 'connected');
  const connectEvent = upstreamEvents.find((e) => e.event === 'connect' && e.context.connectionId === id);
  assert.ok(connectEvent, 'connect reached the handler');
  assert.equal(connectEvent.context.userId, 'upstream-user');
  assert.equal(connectEvent.context.hub, hub);
  assert.match(connectEvent.context.signature, /^sha256=[0-9a-f]{64}$/);
  assert.deepEqual(connectEvent.claims.role, ['webpubsub.joinLeaveGroup']);

  client.stop();
  await waitFor(() => upstreamEvents.some((e) => e.event === 'disconnected' && e.context.connectionId === id), 20000, 'disconnected');
});

test('a user event the handler refuses is a BadRequest with its reason, a handler failure an InternalServerError', { timeout: 60000 }, async () => {
  const client = await connect({ userId: 'events', retries: 0 });

  await client.sendEvent('fine', { a: 1 }, 'json');
  await assert.rejects(client.sendEvent('wipe', { a: 1 }, 'json'), (e) => {
    assert.deepEqual(e.errorDetail, { name: 'BadRequest', message: "unknown event 'wipe'" });
    return true;
  });
  await assert.rejects(client.sendEvent('crash', { a: 1 }, 'json'), (e) => {
    assert.deepEqual(e.errorDetail, { name: 'InternalServerError', message: 'Internal server error' });
    return true;
  });
});

test('tokens the server SDK minted for something else are refused: a client token on REST, a REST URL\'s token elsewhere, a client token for another hub', { timeout: 60000 }, async () => {
  const victim = await connect({ userId: 'victim' });
  const { token: clientToken } = await service.getClientAccessToken({ userId: 'mallory', roles: ['webpubsub.joinLeaveGroup'] });
  const rest = (path) => `http://127.0.0.1:${stackPort}/api/hubs/${hub}${path}${path.includes('?') ? '&' : '?'}api-version=2024-12-01`;
  // The server SDK's own REST token for one call, captured on its way out.
  let captured;
  const capturing = new WebPubSubServiceClient(`Endpoint=http://127.0.0.1;Port=${stackPort};AccessKey=${accessKey};Version=1.0;`, hub, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ position: 'perCall', policy: { name: 'capture', sendRequest: (request, next) => next(request).then((r) => { captured ??= request.headers.get('authorization'); return r; }) } }],
  });
  assert.equal(await capturing.groupExists('s.14.view'), false);

  const withClientToken = await fetch(rest(`/connections/${victim.connectionId}?reason=forged`), { method: 'DELETE', headers: { authorization: `Bearer ${clientToken}` } });
  const replayed = await fetch(rest(`/connections/${victim.connectionId}?reason=forged`), { method: 'DELETE', headers: { authorization: captured } });
  const otherHub = new WebPubSubServiceClient(`Endpoint=http://127.0.0.1;Port=${stackPort};AccessKey=${accessKey};Version=1.0;`, 'otherhub', { allowInsecureConnection: true });
  const { token: otherHubToken } = await otherHub.getClientAccessToken({ userId: 'mallory' });
  const foreign = new WebPubSubClient(`ws://127.0.0.1:${stackPort}/client/hubs/${hub}?access_token=${otherHubToken}`, { reconnectRetryOptions: { maxRetries: 0 } });

  assert.equal(withClientToken.status, 401);
  assert.equal((await withClientToken.json()).code, 'Unauthorized');
  assert.equal(replayed.status, 401);
  await assert.rejects(foreign.start(), /401/);
  foreign.stop();
  assert.equal(await service.connectionExists(victim.connectionId), true);
});

test('the health endpoint answers the server SDK\'s HEAD', { timeout: 30000 }, async () => {
  const response = await fetch(`http://127.0.0.1:${stackPort}/api/health?api-version=2024-12-01`, { method: 'HEAD' });
  assert.equal(response.status, 200);
});
