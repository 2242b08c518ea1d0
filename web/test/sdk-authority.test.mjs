// The customer page's rules for believing session state (web/src/sdk/runtime/authority.ts) in Node: which state frames
// it applies at once, which make it ask the service, which HTTPS answers win, and when an approval lets control frames
// through. The browser tests (attack-forged-frames) show the same rules hold against a real impostor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await build({ entryPoints: [join(web, 'src/sdk/runtime/authority.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral' });
const { judgeFrame, answerApplies, approves } = await import(`data:text/javascript,${encodeURIComponent(bundle.outputFiles[0].text)}`);

const STATES = ['pending', 'viewOnly', 'controlRequested', 'control', 'ended'];

test('a frame one transition ahead is applied only for a transition the service makes, and never when it grants control or ends', async () => {
  // The service's own table (functions/CoBrowse.Core/Sessions/SessionTransitions.cs) is the reference.
  const source = await readFile(join(web, '..', 'functions', 'CoBrowse.Core', 'Sessions', 'SessionTransitions.cs'), 'utf8');
  const legal = new Set([...source.matchAll(/\[\(SessionState\.(\w+), SessionTrigger\.\w+\)\] = SessionState\.(\w+)/g)]
    .map(([, from, to]) => `${from[0].toLowerCase()}${from.slice(1)}>${to[0].toLowerCase()}${to.slice(1)}`));
  assert.ok(legal.size >= 8, `read the service's transitions: ${[...legal]}`);
  for (const from of STATES) {
    for (const to of STATES) {
      const verdict = judgeFrame({ state: from, version: 4, controlAgentId: 'alice' }, { state: to, version: 5, controlAgentId: 'alice' });
      const expected = legal.has(`${from}>${to}`) && to !== 'control' && to !== 'ended' ? 'apply' : 'resync';
      assert.equal(verdict, expected, `${from} → ${to}`);
    }
  }
});

test('a jump asks the service, a stale frame is ignored, and a second story for the known version asks the service', () => {
  const known = { state: 'viewOnly', version: 4 };
  assert.equal(judgeFrame(known, { state: 'controlRequested', version: 6, controlAgentId: 'alice' }), 'resync');
  assert.equal(judgeFrame(known, { state: 'ended', version: 54 }), 'resync');
  assert.equal(judgeFrame(known, { state: 'control', version: 3, controlAgentId: 'alice' }), 'ignore');
  assert.equal(judgeFrame(known, { state: 'viewOnly', version: 4 }), 'ignore', 'the same frame again');
  assert.equal(judgeFrame({ state: 'control', version: 4, controlAgentId: 'alice' }, { state: 'control', version: 4, controlAgentId: 'alice' }), 'ignore');
  assert.equal(judgeFrame({ state: 'control', version: 4, controlAgentId: 'alice' }, { state: 'control', version: 4, controlAgentId: 'mallory' }), 'resync');
  assert.equal(judgeFrame(known, { state: 'controlRequested', version: 4, controlAgentId: 'alice' }), 'resync');
});

test('an HTTPS answer wins unless a newer transition came while it was out, and always when the page knew more than the service', () => {
  // Asked at 5, answered 5 while a real frame brought 6: the answer is older, ignored.
  assert.equal(answerApplies({ state: 'controlRequested', version: 6 }, { state: 'viewOnly', version: 5 }, 5), false);
  // Asked at 6 (a forged frame), answered 5: the page was told something the service never said.
  assert.equal(answerApplies({ state: 'controlRequested', version: 6 }, { state: 'viewOnly', version: 5 }, 6), true);
  // Asked at 4 (forged frames came while it was out, up to 60), answered 4: the page keeps what it has; the next
  // read, asked at 60, puts it right.
  assert.equal(answerApplies({ state: 'controlRequested', version: 60 }, { state: 'viewOnly', version: 4 }, 4), false);
  assert.equal(answerApplies({ state: 'controlRequested', version: 60 }, { state: 'viewOnly', version: 4 }, 60), true);
  assert.equal(answerApplies({ state: 'viewOnly', version: 5 }, { state: 'viewOnly', version: 5 }, 5), true, 'the same version: the service says which story holds');
});

test('an approval lets control through only for its agent at its version, while the service says control', () => {
  const approval = { agentId: 'alice', version: 7 };
  assert.equal(approves(approval, { state: 'control', version: 7, controlAgentId: 'alice' }), true);
  assert.equal(approves(approval, { state: 'control', version: 9, controlAgentId: 'alice' }), false, 'a later grant is another approval');
  assert.equal(approves(approval, { state: 'control', version: 7, controlAgentId: 'mallory' }), false);
  assert.equal(approves(approval, { state: 'viewOnly', version: 7 }), false);
  assert.equal(approves(undefined, { state: 'control', version: 7, controlAgentId: 'alice' }), false);
});
