// Starts Azurite from web/node_modules on free ports with a throw-away data folder, the way the local stack's
// AzuriteLauncher does (under the run-with-parent watchdog, so it never outlives this Node process), and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './local-stack-process.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

const isListening = (port) => new Promise((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** The watchdog's child: the Azurite process itself (whose CPU and memory a benchmark wants). */
function childOf(pid) {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length > 0 ? Number(children[0]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @returns {Promise<{ blobPort: number, queuePort: number, tablePort: number, pid: number | undefined, stop: () => Promise<void> }>}
 */
export async function startAzurite() {
  const [blobPort, queuePort, tablePort] = [await freePort(), await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'cobrowse-azurite-'));
  const azurite = join(web, 'node_modules', 'azurite', 'dist', 'src', 'azurite.js');
  const watchdog = join(web, 'tools', 'run-with-parent.mjs');
  const child = spawn(process.execPath, [
    watchdog, String(process.pid), azurite, '--silent', '--skipApiVersionCheck', '--loose', '--location', data,
    '--blobHost', '127.0.0.1', '--blobPort', String(blobPort),
    '--queueHost', '127.0.0.1', '--queuePort', String(queuePort),
    '--tableHost', '127.0.0.1', '--tablePort', String(tablePort),
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });

  const deadline = Date.now() + 60_000;
  for (const port of [blobPort, queuePort, tablePort]) {
    while (!(await isListening(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Azurite did not start listening on ${port}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    blobPort,
    queuePort,
    tablePort,
    pid: childOf(child.pid),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 10_000);
          child.once('exit', () => { clearTimeout(timer); resolve(); });
        });
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}
