// One page in each of three browser engines behind the same small interface, for tests whose promise depends on how
// an engine delivers input (the masking attack suite): Chromium through playwright-core, Firefox ESR through its
// Marionette protocol (WebDriver commands over a local TCP socket) and WebKitGTK through WebKitWebDriver (W3C
// WebDriver over HTTP, its MiniBrowser in a virtual X display). Firefox and WebKit need no npm package: both speak
// WebDriver, and typing goes through WebDriver key actions, which each engine turns into its own trusted key events.
//
// Debian packages: chromium, firefox-esr, webkit2gtk-driver, xvfb (see ../../../.ci/run).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tools/local-stack-process.mjs';
import { launchChromium } from './browser.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const MINI_BROWSER = process.env.WEBKIT_MINIBROWSER_PATH ?? miniBrowserPath();
const START_TIMEOUT_MS = 30_000;

/** Where Debian installed WebKitGTK's MiniBrowser (the directory names the machine's architecture). */
function miniBrowserPath() {
  try {
    const listed = execFileSync('dpkg', ['-L', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).split('\n');
    return listed.find((path) => path.endsWith('/MiniBrowser')) ?? 'MiniBrowser';
  } catch {
    return 'MiniBrowser';
  }
}

/**
 * A page in the named engine: `open(url)`, `evaluate(fn, arg)` (fn runs in the page, may return a promise; its
 * result must be JSON), `type(text)` (real key events into the focused element), `compose(text)` (an input method's
 * composition, growing one character at a time, then committed: what Android keyboards and CJK input do; Chromium
 * drives it through CDP, WebDriver has no input-method commands, so the other engines type it), `close()`.
 */
export function launchEngine(name) {
  if (name === 'chromium') return launchChromiumPage();
  if (name === 'firefox') return launchFirefoxPage();
  if (name === 'webkit') return launchWebKitPage();
  throw new Error(`unknown engine ${name}`);
}

async function launchChromiumPage() {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return {
    name: 'chromium',
    open: (url) => page.goto(url).then(() => undefined),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    type: (text) => page.keyboard.type(text),
    async compose(text) {
      for (let length = 1; length <= text.length; length++) {
        await cdp.send('Input.imeSetComposition', { text: text.slice(0, length), selectionStart: length, selectionEnd: length });
      }
      await cdp.send('Input.insertText', { text });
    },
    close: () => browser.close(),
  };
}

/** Runs `fn(arg)` in the page through WebDriver's async script and unwraps its result or error. */
const ASYNC_SCRIPT = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (0, eval)('(' + arguments[0] + ')')(arguments[1]))
  .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String((error && error.stack) || error) }));`;

function unwrap(result) {
  if (result?.error) throw new Error(`page script failed: ${result.error}`);
  return result?.value;
}

/** WebDriver key actions typing `text` into whatever has the focus. */
const keyActions = (text) => [{
  type: 'key', id: 'keyboard', actions: [...text].flatMap((key) => [{ type: 'keyDown', value: key }, { type: 'keyUp', value: key }]),
}];

async function launchFirefoxPage() {
  const port = await freePort();
  const profile = await mkdtemp(join(tmpdir(), 'cobrowse-firefox-'));
  await writeFile(join(profile, 'user.js'), [
    `user_pref("marionette.port", ${port});`,
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("app.update.disabledForTesting", true);',
  ].join('\n'));
  const executable = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  const child = spawn(executable, ['--headless', '--marionette', '--no-remote', '--profile', profile], { stdio: 'ignore', detached: true });
  const stop = async () => {
    killGroup(child);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const marionette = await connectMarionette(port);
    await marionette.command('WebDriver:NewSession', { capabilities: { alwaysMatch: { pageLoadStrategy: 'normal' } } });
    return {
      name: 'firefox',
      open: (url) => marionette.command('WebDriver:Navigate', { url }).then(() => undefined),
      evaluate: async (fn, arg) => unwrap((await marionette.command('WebDriver:ExecuteAsyncScript', { script: ASYNC_SCRIPT, args: [fn.toString(), arg ?? null] })).value),
      async type(text) {
        await marionette.command('WebDriver:PerformActions', { actions: keyActions(text) });
        await marionette.command('WebDriver:ReleaseActions', {});
      },
      compose(text) {
        return this.type(text);
      },
      close: async () => {
        await marionette.command('Marionette:Quit', {}).catch(() => undefined);
        marionette.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Marionette frames messages as `<length>:<json>`; commands are `[0, id, name, params]`, replies `[1, id, error, result]`. */
async function connectMarionette(port) {
  const socket = await retry(() => new Promise((resolve, reject) => {
    const candidate = connect(port, '127.0.0.1', () => resolve(candidate));
    candidate.once('error', reject);
  }), 'Firefox (Marionette) did not start');
  let buffer = Buffer.alloc(0);
  const waiting = [];
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length) return;
      const message = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      buffer = buffer.subarray(colon + 1 + length);
      waiting.shift()?.(message);
    }
  });
  const next = () => new Promise((resolve) => waiting.push(resolve));
  await next(); // the greeting: { applicationType: 'gecko', marionetteProtocol: 3 }
  let id = 0;
  return {
    async command(name, params) {
      const reply = next();
      const body = Buffer.from(JSON.stringify([0, ++id, name, params]), 'utf8');
      socket.write(`${body.length}:`);
      socket.write(body);
      const [, , error, result] = await reply;
      if (error) throw new Error(`${name}: ${error.error}: ${error.message}`);
      return result;
    },
    close: () => socket.destroy(),
  };
}

async function launchWebKitPage() {
  const port = await freePort();
  // The MiniBrowser needs a display even when nobody looks: xvfb-run gives the driver (and its browser) one.
  const child = spawn('xvfb-run', ['-a', process.env.WEBKIT_DRIVER_PATH ?? 'WebKitWebDriver', `--port=${port}`], { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    return json.value;
  };
  try {
    await retry(() => call('GET', '/status'), 'WebKitWebDriver did not start');
    // No browserName: the driver then fails to match (shared/browsers.md).
    const { sessionId } = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINI_BROWSER, args: ['--automation'] } } },
    });
    const session = `/session/${sessionId}`;
    return {
      name: 'webkit',
      open: (url) => call('POST', `${session}/url`, { url }).then(() => undefined),
      evaluate: async (fn, arg) => unwrap(await call('POST', `${session}/execute/async`, { script: ASYNC_SCRIPT, args: [fn.toString(), arg ?? null] })),
      async type(text) {
        await call('POST', `${session}/actions`, { actions: keyActions(text) });
        await call('DELETE', `${session}/actions`);
      },
      compose(text) {
        return this.type(text);
      },
      close: async () => {
        await call('DELETE', session).catch(() => undefined);
        killGroup(child);
      },
    };
  } catch (error) {
    killGroup(child);
    throw error;
  }
}

async function retry(attempt, failure) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${failure} within ${START_TIMEOUT_MS} ms: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The browser and everything it started (content processes, Xvfb) share the group of the process we spawned. */
function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
