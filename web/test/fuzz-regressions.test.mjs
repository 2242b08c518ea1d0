// The transport cases the mirror fuzz found, pinned down one by one without a browser: each lost the agent's place in
// the page silently before (the mirror stopped following and nothing asked for a snapshot).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';

let transport;
before(async () => {
  const source = `export { FrameSender } from './src/transport/sender.ts'; export { FrameReceiver } from './src/transport/receiver.ts';`;
  const out = await build({ stdin: { contents: source, resolveDir: join(import.meta.dirname, '..'), loader: 'ts' }, bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  transport = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
});

const snapshot = (text) => ({ v: 1, t: 'snapshot', url: 'http://x/', viewport: { width: 1, height: 1, devicePixelRatio: 1 }, scroll: [], id: 1, root: ['#', text] });
const input = (value) => ({ v: 1, t: 'input', id: 2, state: { value } });

const senders = [];
after(() => { for (const sender of senders) sender.stop(); }); // their idle marks would keep the process alive

function pair({ idleMarkMs = 60_000 } = {}) {
  const wire = [];
  const delivered = [];
  const needed = [];
  const sender = new transport.FrameSender(7, (message) => wire.push(message), (error) => { throw error; }, idleMarkMs);
  senders.push(sender);
  const receiver = new transport.FrameReceiver({
    deliver: (frames) => delivered.push(...frames),
    needSnapshot: (reason) => needed.push(reason),
    synced: () => undefined,
  });
  const send = async (...frames) => { for (const frame of frames) sender.push(frame); await sender.drain(); return wire.splice(0); };
  const carry = async (messages) => { for (const message of messages) receiver.receive(message.data); await receiver.idle(); };
  return { sender, receiver, delivered, needed, send, carry };
}

describe('transport regressions found by the fuzz', () => {
  test('the idle mark carries the next sequence number, so the receiver sees the gap', async () => {
    const wire = [];
    const sender = new transport.FrameSender(7, (message) => wire.push(message), (error) => { throw error; }, 30);
    const needed = [];
    const receiver = new transport.FrameReceiver({ deliver: () => undefined, needSnapshot: (reason) => needed.push(reason), synced: () => undefined });
    try {
      sender.push(snapshot('a'));
      await sender.drain();
      sender.push(input('lost'));
      await sender.drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(wire.map((m) => m.data.frames.length), [1, 1, 0], 'snapshot, input, then one empty batch');
      receiver.receive(wire[0].data);
      receiver.receive(wire[2].data); // the input's message was lost
      await receiver.idle();
      assert.deepEqual(needed, ['gap']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(wire.length, 3, 'one mark per quiet spell, not one every interval');
    } finally {
      sender.stop();
    }
  });

  test('a sequence number far behind is broken numbering, not a duplicate: the receiver asks and then follows again', async () => {
    const { needed, delivered, send, carry } = pair();
    await carry(await send(snapshot('a')));
    const [jumped] = await send(input('b'));
    jumped.data.seq += 2 ** 31;
    await carry([jumped]);
    assert.deepEqual(needed, ['gap']);
    const later = await send(input('c'), snapshot('fresh'));
    await carry(later);
    assert.deepEqual(needed, ['gap', 'gap'], 'the next number is far behind the jumped one: counted as broken again, not dropped');
    assert.equal(delivered.at(-1).root[1], 'fresh', 'the snapshot in it was applied');
  });

  test('a recent number behind is still a duplicate, dropped without a request', async () => {
    const { needed, delivered, send, carry } = pair();
    const first = await send(snapshot('a'));
    const second = await send(input('b'));
    await carry([...first, ...second, ...second, ...first]);
    assert.deepEqual(needed, []);
    assert.equal(delivered.length, 2);
  });

  test('a chunked batch whose header promises more chunks than come is lost when the next batch arrives, and said so', async () => {
    const { needed, delivered, send, carry } = pair();
    await carry(await send(snapshot('a')));
    const [chunk, ...rest] = await send(input('x'.repeat(40_000))); // compressed, one chunk
    assert.equal(rest.length, 0);
    assert.equal(chunk.kind, 'binary');
    new DataView(chunk.data).setUint16(12, 2, true); // "1 of 2": the sequence still looks whole
    const next = await send(input('after'));
    await carry([chunk, ...next]);
    assert.deepEqual(needed, ['corrupt']);
    assert.equal(delivered.length, 1, 'nothing after the loss was applied');
  });

  test('a link that changes without a snapshot asks for one; a new link that starts with one does not', async () => {
    const { needed, delivered, send, carry } = pair();
    await carry(await send(snapshot('a')));
    const [foreign] = await send(input('b'));
    foreign.data.link += 1;
    await carry([foreign]);
    assert.deepEqual(needed, ['gap']);

    const messages = [];
    const reloaded = new transport.FrameSender(99, (m) => messages.push(m), () => undefined, 60_000);
    senders.push(reloaded);
    reloaded.push(snapshot('reloaded page'));
    await reloaded.drain();
    await carry(messages);
    reloaded.stop();
    assert.deepEqual(needed, ['gap'], 'a page reload (a new link starting with its snapshot) needs nothing');
    assert.equal(delivered.at(-1).root[1], 'reloaded page');
  });
});
