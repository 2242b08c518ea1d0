// Runs a Node script as a child and stops it when the given parent process is gone, so an Azurite started by the
// local stack never outlives it (even when the stack is killed without a chance to clean up).
// Usage: node run-with-parent.mjs <parentPid> <script> [args...]
import { spawn } from 'node:child_process';

const [parentPid, script, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit' });

const parentAlive = () => {
  try {
    process.kill(Number(parentPid), 0);
    return true;
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
