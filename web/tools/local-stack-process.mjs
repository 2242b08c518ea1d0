// Starts the built local stack (functions/CoBrowse.LocalStack) as a child process on free ports, with its own
// Azurite data folder, and stops it again. Used by benchmarks and JS tests that need the real stack.
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const anyFreePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.unref();
  server.on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// The OS may hand the same free port out twice in a row (nothing listens on it yet between our calls): a stack once
// got its HTTP port equal to its Azurite table port. Never hand out a port twice in this process.
const handedOut = new Set();

/** A free loopback port, different from every port this process was handed before. */
export async function freePort() {
  for (;;) {
    const port = await anyFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** True while something accepts connections on the port (a dying Azurite, a stack still shutting down). */
const isListening = (port) => new Promise((resolve) => {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/**
 * @param {{ configuration?: 'Debug' | 'Release', env?: Record<string, string>, accessKey?: string, port?: number }} options
 *   `port`: listen there instead of on a free port. Point `env` at an Azurite of your own (its three
 *   `LocalStack__Azurite__*Port` and `LocalStack__Azurite__AutoStart: 'false'`) to keep storage alive across kill().
 * @returns {Promise<{ url: string, port: number, accessKey: string, connectionString: string, pid: number,
 *   kill: (signal?: NodeJS.Signals) => Promise<void>, start: () => Promise<void>,
 *   restart: (options?: { signal?: NodeJS.Signals }) => Promise<{ downMs: number }>, stop: () => Promise<void> }>}
 *   kill() ends the process (SIGKILL by default: a crash, no cleanup) and waits for it to exit; start() runs it again
 *   on the same port with the same settings and Azurite data folder; restart() does both.
 */
export async function startLocalStack({ configuration = 'Debug', env = {}, accessKey = 'bench-access-key-0123456789abcdefghijklmnopqrstuvwxyz', port: fixedPort } = {}) {
  const dll = join(repoRoot, 'functions', 'CoBrowse.LocalStack', 'bin', configuration, 'net10.0', 'CoBrowse.LocalStack.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing; run: dotnet build -c ${configuration} functions/CoBrowse.LocalStack`);
  }

  const [port, blob, queue, table] = [fixedPort ?? await freePort(), await freePort(), await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'cobrowse-stack-'));
  const childEnv = {
    ...process.env,
    Urls: `http://127.0.0.1:${port}`,
    LocalStack__Azurite__BlobPort: String(blob),
    LocalStack__Azurite__QueuePort: String(queue),
    LocalStack__Azurite__TablePort: String(table),
    LocalStack__Azurite__DataDirectory: data,
    LocalStack__Demo__Enabled: 'false',
    LocalStack__Relay__AccessKeys__0: accessKey,
    Logging__LogLevel__Default: 'Warning',
    ...env,
  };
  const url = `http://127.0.0.1:${port}`;
  let child;

  const launch = async () => {
    child = spawn('dotnet', [dll], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`local stack exited (${child.exitCode}):\n${output}`);
      try {
        const health = await fetch(`${url}/api/v1/health`);
        if (health.ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`local stack did not become healthy:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const kill = async (signal = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
    // An Azurite the stack started itself dies with it (its watchdog notices within a second): wait until its port
    // is free, or the next start would take the dying one for a running one.
    const ownAzurite = childEnv.LocalStack__Azurite__AutoStart !== 'false';
    const deadline = Date.now() + 15_000;
    while ((await isListening(port)) || (ownAzurite && await isListening(Number(childEnv.LocalStack__Azurite__TablePort)))) {
      if (Date.now() > deadline) throw new Error('the local stack or its Azurite still listens after being killed');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  await launch();

  return {
    url,
    port,
    accessKey,
    connectionString: `Endpoint=http://127.0.0.1;Port=${port};AccessKey=${accessKey};Version=1.0;`,
    get pid() { return child.pid; },
    kill,
    start: launch,
    restart: async ({ signal = 'SIGKILL' } = {}) => {
      const started = Date.now();
      await kill(signal);
      await launch();
      return { downMs: Date.now() - started };
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
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
