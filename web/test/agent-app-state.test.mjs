// The console's session state tracking (web/src/console/session-state.ts) in Node: the service's frames, GET reads
// and the relay's end close race, and the agent must end up with the newest state and the right words for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await build({ entryPoints: [join(web, 'src/console/session-state.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral' });
const { SessionStateTracker, readSessionView, readStateFrameStatus, readSessionEndedClose } = await import(`data:text/javascript,${encodeURIComponent(bundle.outputFiles[0].text)}`);

const frame = (fields) => ({ v: 1, t: 'session', sessionId: 's1', by: { kind: 'customer', id: 'c' }, at: '2026-01-01T00:00:00Z', ...fields });

test('keeps the highest version whatever order frames and reads arrive in', () => {
  const seen = [];
  const tracker = new SessionStateTracker((state) => seen.push(`${state.state}@${state.version}`));
  tracker.offer(readStateFrameStatus(frame({ state: 'controlRequested', version: 3, change: 'controlRequested', controlAgentId: 'alice' })));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'viewOnly', version: 2 })); // a GET answered before the request
  tracker.offer(readStateFrameStatus(frame({ state: 'controlRequested', version: 3, change: 'controlRequested' }))); // duplicate
  tracker.offer(readStateFrameStatus(frame({ state: 'control', version: 4, change: 'controlApproved', controlAgentId: 'alice' })));
  assert.deepEqual(seen, ['controlRequested@3', 'control@4']);
  assert.equal(tracker.status.controlAgentId, 'alice');
});

test('infers what happened when only a read tells the new state', () => {
  const changes = [];
  const tracker = new SessionStateTracker((state) => changes.push(state.change));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'controlRequested', version: 3 }));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'viewOnly', version: 4 }));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'control', version: 6 }));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'viewOnly', version: 7 }));
  assert.deepEqual(changes, [undefined, 'controlDenied', 'controlApproved', 'controlRevoked']);
});

test('an end is final: the relay closing with session-ended wins over later reads of older versions', () => {
  const seen = [];
  const tracker = new SessionStateTracker((state) => seen.push([state.state, state.endReason]));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'viewOnly', version: 2 }));
  tracker.ended(readSessionEndedClose('session-ended:interactionTransferred'));
  tracker.offer(readSessionView({ sessionId: 's1', state: 'ended', version: 5, endReason: 'interactionTransferred' }));
  tracker.offer(readStateFrameStatus(frame({ state: 'control', version: 9, change: 'controlApproved' })));
  assert.deepEqual(seen, [['viewOnly', undefined], ['ended', 'interactionTransferred']]);
});

test('reads only what it knows: malformed frames, views and close reasons are ignored', () => {
  assert.equal(readStateFrameStatus(frame({ state: 'exploded', version: 1, change: 'ended' })), null);
  assert.equal(readStateFrameStatus({ ...frame({ state: 'ended', version: 1, change: 'ended' }), v: 2 }), null);
  assert.equal(readSessionView({ sessionId: 's1', state: 'viewOnly', version: 1.5 }), null);
  assert.equal(readSessionView({ sessionId: 's1', state: 'ended', version: 1, endReason: 'bored' }).endReason, undefined);
  assert.equal(readSessionEndedClose('going away'), null);
  assert.equal(readSessionEndedClose('session-ended:somethingNew'), 'error');
  assert.equal(readSessionEndedClose('session-ended:customerEnded'), 'customerEnded');
});
