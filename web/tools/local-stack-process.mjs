// Starts the built local stack (functions/CoBrowse.LocalStack) as a child process on free ports, with its own
// Azurite data folder, and stops it again. Used by benchmarks and JS tests that need the real stack.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.unref();
  server.on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/**
 * @param {{ configuration?: 'Debug' | 'Release', env?: Record<string, string>, accessKey?: string }} options
 * @returns {Promise<{ url: string, port: number, accessKey: string, connectionString: string, stop: () => Promise<void> }>}
 */
export async function startLocalStack({ configuration = 'Debug', env = {}, accessKey = 'bench-access-key-0123456789abcdefghijklmnopqrstuvwxyz' } = {}) {
  const dll = join(repoRoot, 'functions', 'CoBrowse.LocalStack', 'bin', configuration, 'net10.0', 'CoBrowse.LocalStack.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing; run: dotnet build -c ${configuration} functions/CoBrowse.LocalStack`);
  }

  const [port, blob, queue, table] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'cobrowse-stack-'));
  const child = spawn('dotnet', [dll], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
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
    },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });

  const url = `http://127.0.0.1:${port}`;
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

  return {
    url,
    port,
    accessKey,
    connectionString: `Endpoint=http://127.0.0.1;Port=${port};AccessKey=${accessKey};Version=1.0;`,
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
