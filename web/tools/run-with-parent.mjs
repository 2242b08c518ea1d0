// Runs a Node script as a child and stops it when the given parent process is gone, so an Azurite started by the
// local stack never outlives it (even when the stack is killed without a chance to clean up).
// Usage: node run-with-parent.mjs <parentPid> <script> [args...]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [parentPid, script, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });

// A parent that died but was not reaped yet (a zombie) still answers kill(pid, 0); on Linux, /proc tells.
const isZombie = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
};

const parentAlive = () => {
  try {
    process.kill(Number(parentPid), 0);
    return !isZombie(parentPid);
  } catch {
    return false;
  }
};

const watch = setInterval(() => {
  if (!parentAlive()) {
    child.kill('SIGTERM');
  }
}, 1000);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}

child.on('exit', (code) => {
  clearInterval(watch);
  process.exit(code ?? 0);
});
