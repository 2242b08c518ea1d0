// Conformance of the local stack's Web PubSub relay with Microsoft's own SDKs: @azure/web-pubsub-client (the browser
// and Node client), @azure/web-pubsub (the server's REST client) and @azure/web-pubsub-express (the upstream handler).
// Starts the built local stack (dotnet build first) on free ports with its own Azurite, and an express upstream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { WebPubSubClient, WebPubSubJsonProtocol } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { WebPubSubEventHandler } from '@azure/web-pubsub-express';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stackDll = join(root, 'functions', 'CoBrowse.LocalStack', 'bin', 'Debug', 'net10.0', 'CoBrowse.LocalStack.dll');
const hub = 'cobrowse';
const accessKey = 'relay-js-conformance-access-key-0000000000';

let stack;
let stackPort;
let upstreamServer;
let dataDirectory;
let service;
const upstreamEvents = [];
const clients = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

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
  assert.ok(existsSync(stackDll), `build the solution first (dotnet build): ${stackDll} is missing`);
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  stackPort = await freePort();
  dataDirectory = mkdtempSync(join(tmpdir(), 'cobrowse-relay-js-'));
  const output = [];
  stack = spawn('dotnet', [stackDll], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      Urls: `http://127.0.0.1:${stackPort}`,
      LocalStack__Azurite__BlobPort: String(blob),
      LocalStack__Azurite__QueuePort: String(queue),
      LocalStack__Azurite__TablePort: String(table),
      LocalStack__Azurite__DataDirectory: dataDirectory,
      LocalStack__Durable__TaskHubName: 'RelayJsTests',
      LocalStack__Demo__Enabled: 'false',
      LocalStack__Relay__AccessKeys__0: accessKey,
      LocalStack__Relay__UpstreamUrlTemplate: `http://127.0.0.1:${upstreamPort}/api/webpubsub/hubs/{hub}/`,
      Logging__LogLevel__Default: 'Warning',
    },
  });
  stack.stdout.on('data', (d) => output.push(String(d)));
  stack.stderr.on('data', (d) => output.push(String(d)));
  const exited = new Promise((resolve) => stack.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120000;
  while (Date.now() < deadline) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 250))]);
    if (code !== undefined) assert.fail(`the local stack exited with ${code}:\n${output.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${stackPort}/api/v1/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
  }
  assert.fail(`the local stack did not become healthy:\n${output.join('')}`);
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
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolve) => stack.once('exit', resolve));
    stack.kill('SIGTERM');
    const timer = setTimeout(() => stack.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(timer);
  }
  await new Promise((resolve) => (upstreamServer ? upstreamServer.close(resolve) : resolve()));
  if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
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

test('the health endpoint answers the server SDK\'s HEAD', { timeout: 30000 }, async () => {
  const response = await fetch(`http://127.0.0.1:${stackPort}/api/health?api-version=2024-12-01`, { method: 'HEAD' });
  assert.equal(response.status, 200);
});
