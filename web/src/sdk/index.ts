// The customer snippet's public surface (global `CoBrowse`):
//   <script src="https://…/static/cobrowse.js" data-site-key="…" [data-api-base="…/api/v1"] [data-lang="ja"]></script>
// init() (called by the tag itself) resumes this tab's session after a navigation; showKeyPrompt() (voice),
// acceptOffer()/declineOffer() (messaging, chat) start one; end(); on()/off() for started, control-requested,
// control-changed and ended; state(). The low-level pieces (share, startCapture, createGuidance) stay exported for
// tests and custom integrations.
import type { MaskConfig } from '../capture';
import { rememberSensitiveInput } from '../capture/mask';
import type { SessionState } from '../protocol/session';
import { customerApi, type CustomerApi, type JoinedSession } from './api';
import { Emitter, type CoBrowseEventName, type CoBrowseEvents } from './events';
import { runSession, type SessionRuntime } from './runtime/session';
import { loadSession, saveSession, type StoredSession } from './runtime/store';
import { createUiHost } from './ui/host';
import { openKeyPrompt } from './ui/key-prompt';
import { labelsFor, resolveLanguage, type Language } from './ui/labels';
import { UI_CSS } from './ui/styles';

export { startCapture } from '../capture';
export type { Capture, CaptureOptions, MaskConfig } from '../capture';
export const protocolVersion = 1;
export { share } from './share';
export type { Share, ShareOptions, ShareStatus, Negotiate, NegotiateResult, OpaqueFrame } from './share';
export { createGuidance, OVERLAY_ATTRIBUTE, type Guidance, type GuidanceOptions } from './guidance';
export { ApiError } from './api';
export type { CoBrowseEvents, CoBrowseEventName } from './events';

export interface InitOptions {
  siteKey: string;
  /** The API's base URL; default: the origin this script was loaded from + `/api/v1`. */
  apiBase?: string;
  /** `en` or `ja`; default: the tag's data-lang, else the browser's language. */
  language?: string;
  /** Privacy rules this page adds to the tenant's (never fewer: the tenant's always apply). */
  privacy?: MaskConfig;
}

export type PublicState = SessionState | 'idle' | 'starting';

interface Setup {
  api: CustomerApi;
  siteKey: string;
  language: Language;
  privacy?: MaskConfig;
}

const emitter = new Emitter();
/** The tag that loaded this bundle (only known while the bundle first runs). */
const script = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
let setup: Setup | undefined;
let runtime: SessionRuntime | undefined;
let starting: Promise<void> | undefined;

export function init(options: InitOptions): void {
  if (setup) return; // the tag's auto-init and an explicit call: the first wins
  if (!options || typeof options.siteKey !== 'string' || options.siteKey.length === 0) throw new Error('CoBrowse.init: siteKey is required');
  const apiBase = options.apiBase ?? script?.dataset.apiBase ?? `${script?.src ? new URL(script.src).origin : location.origin}/api/v1`;
  setup = {
    api: customerApi(apiBase),
    siteKey: options.siteKey,
    language: resolveLanguage(options.language ?? script?.dataset.lang),
    privacy: options.privacy,
  };
  const stored = loadSession();
  if (stored && stored.siteKey === setup.siteKey && stored.apiBase === setup.api.base) {
    void begin(() => Promise.resolve(stored), true).catch(() => undefined);
  }
}

/** Voice: asks for the agent's 6-digit key; resolves true once sharing started, false when cancelled. */
export async function showKeyPrompt(): Promise<boolean> {
  const current = requireSetup();
  if (runtime || starting) return false;
  const ui = createUiHost(document);
  ui.addStyles(UI_CSS);
  const prompt = openKeyPrompt(ui, labelsFor(current.language), async (key) => {
    const joined = await current.api.redeemKey(current.siteKey, key);
    await begin(() => Promise.resolve(store(joined)), false);
  });
  try {
    return await prompt.result;
  } finally {
    ui.remove();
  }
}

/** Messaging and chat: the customer accepted the agent's offer in the messenger. */
export async function acceptOffer(offerId: string): Promise<void> {
  const current = requireSetup();
  if (runtime || starting) throw new Error('CoBrowse: a session is already running');
  await begin(async () => store(await current.api.acceptOffer(current.siteKey, offerId)), false);
}

export async function declineOffer(offerId: string): Promise<void> {
  const current = requireSetup();
  await current.api.declineOffer(current.siteKey, offerId);
}

/** Ends the running session (as the banner's End does). */
export async function end(): Promise<void> {
  await starting?.catch(() => undefined);
  await runtime?.end();
}

export function on<E extends CoBrowseEventName>(event: E, handler: (detail: CoBrowseEvents[E]) => void): void {
  emitter.on(event, handler);
}

export function off<E extends CoBrowseEventName>(event: E, handler: (detail: CoBrowseEvents[E]) => void): void {
  emitter.off(event, handler);
}

export function state(): { sessionId?: string; state: PublicState; firstSnapshotAt?: number; startMs?: number } {
  if (runtime) return { sessionId: runtime.sessionId, state: runtime.state(), ...runtime.timings };
  return { state: starting ? 'starting' : 'idle' };
}

function requireSetup(): Setup {
  if (!setup) throw new Error('CoBrowse: call init({ siteKey }) first (or add data-site-key to the script tag)');
  return setup;
}

function store(joined: JoinedSession): StoredSession {
  const current = requireSetup();
  const stored = {
    apiBase: current.api.base,
    siteKey: current.siteKey,
    sessionId: joined.session.sessionId,
    customerToken: joined.customerToken,
    expiresAt: joined.customerTokenExpiresAt,
  };
  saveSession(stored);
  return stored;
}

async function begin(join: () => Promise<StoredSession>, resumed: boolean): Promise<void> {
  const current = requireSetup();
  const run = async (): Promise<void> => {
    const stored = await join();
    // A session can finish before runSession returns (its connection refused): then it was never the runtime.
    let started: SessionRuntime | undefined;
    started = await runSession({
      api: current.api, stored, resumed, language: current.language, privacy: current.privacy, emitter, document,
      onFinished: () => { if (started !== undefined && runtime === started) runtime = undefined; },
    });
    // A session can end while it starts (ended elsewhere meanwhile): then there is nothing to keep.
    if (started.state() !== 'ended') runtime = started;
  };
  starting = run();
  try {
    await starting;
  } finally {
    starting = undefined;
  }
}

// From the moment the SDK loads, fields typed into while masked stay masked for a capture that starts later.
if (typeof document !== 'undefined') rememberSensitiveInput(document);

// The tag's data attributes start the SDK by themselves.
if (script?.dataset.siteKey) {
  try {
    init({ siteKey: script.dataset.siteKey });
  } catch (error) {
    console.error(error);
  }
}
