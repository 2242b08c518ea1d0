// The watchdog that keeps the local stack's Azurite from outliving the stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const tools = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools');
const watchdog = join(tools, 'run-with-parent.mjs');
const sleeper = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'sleep-forever.mjs');

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = async (predicate, ms) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return predicate();
};

test('stops its child when the parent process dies', { timeout: 20000 }, async () => {
  const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const guarded = spawn(process.execPath, [watchdog, String(parent.pid), sleeper], { stdio: ['ignore', 'pipe', 'inherit'] });
  const childPid = await new Promise((resolve) => guarded.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  assert.ok(isAlive(childPid), 'the guarded script runs while the parent lives');

  parent.kill('SIGKILL');

  assert.ok(await waitFor(() => !isAlive(childPid), 5000), 'the guarded script is stopped after the parent died');
  await new Promise((resolve) => (guarded.exitCode !== null ? resolve() : guarded.once('exit', resolve)));
});

test('keeps its child running while the parent lives and passes arguments through', { timeout: 20000 }, async () => {
  const guarded = spawn(process.execPath, [watchdog, String(process.pid), sleeper, 'hello'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  guarded.stdout.on('data', (d) => lines.push(...String(d).trim().split('\n')));
  await waitFor(() => lines.length >= 2, 5000);

  await new Promise((r) => setTimeout(r, 1500));

  assert.equal(lines[1], 'hello');
  assert.ok(isAlive(Number(lines[0])), 'still running after a watch interval');
  guarded.kill('SIGTERM');
  await new Promise((resolve) => guarded.once('exit', resolve));
  assert.ok(await waitFor(() => !isAlive(Number(lines[0])), 5000), 'SIGTERM to the watchdog reaches the child');
});
