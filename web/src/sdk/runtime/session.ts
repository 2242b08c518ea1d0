// One co-browse session on this page, from the moment it is joined (or resumed after a navigation) until it ends:
// shares the page, follows the service's session state (state group frames, and GET /sessions/{id} on every
// (re)connection), drives the banner, the control request dialog and the control executor, reports activity, and
// on any end takes every trace of itself off the page.
import type { MaskConfig } from '../../capture';
import { readControlFrame, type ControlFrame, type ControlRefusal } from '../../protocol/control';
import { readSessionStateFrame, type SessionState } from '../../protocol/session';
import type { NegotiateResult } from '../../transport/connection';
import { ApiError, type CustomerApi, type SessionView, type SiteConfig } from '../api';
import { createControlExecutor, type ControlExecutor } from '../control/executor';
import { isFromController, refusalOf, tenantOfCustomer } from '../control/gate';
import type { Emitter } from '../events';
import { createGuidance, type Guidance } from '../guidance';
import { share, type Share } from '../share';
import { createBanner, type Banner } from '../ui/banner';
import { openControlDialog, type ControlDialog } from '../ui/control-dialog';
import { showBlockedHint } from '../ui/hint';
import { createUiHost } from '../ui/host';
import { labelsFor, reasonInWords, type Language } from '../ui/labels';
import { showEndedNotice } from '../ui/notice';
import { UI_CSS } from '../ui/styles';
import { watchActivity } from './activity';
import { clearSession, type StoredSession } from './store';

export interface SessionOptions {
  api: CustomerApi;
  stored: StoredSession;
  /** The session continues from a previous page of this tab. */
  resumed: boolean;
  language: Language;
  /** Privacy rules the page itself adds to the tenant's. */
  privacy?: MaskConfig;
  emitter: Emitter;
  document: Document;
  /** Called once the session is over on this page (after its `ended` event). */
  onFinished(): void;
}

export interface SessionRuntime {
  readonly sessionId: string;
  state(): SessionState;
  /** The customer ends the session (banner's End, or CoBrowse.end()). */
  end(): Promise<void>;
  /**
   * When the first snapshot went out, in ms since this page's navigation started (performance.now()), and how long
   * the runtime took to get there: how fast a session resumes after a navigation.
   */
  readonly timings: { firstSnapshotAt?: number; startMs?: number };
}

const ENDED_PREFIX = 'session-ended:';

/** Starts sharing; rejects (after cleaning up) when the session cannot be joined at all. */
export async function runSession(options: SessionOptions): Promise<SessionRuntime> {
  const started = performance.now();
  const { api, stored, emitter, document: doc } = options;
  const win = doc.defaultView ?? window;
  const labels = labelsFor(options.language);
  const calls = api.session(stored.sessionId, stored.customerToken);

  // Everything the start needs, at once: a resumed page must be shared again within a second.
  const firstNegotiate = calls.negotiate();
  firstNegotiate.catch(() => undefined);
  const [config, view] = await Promise.all([api.siteConfig(stored.siteKey), calls.get()]).catch(async (error: unknown) => {
    await settleEnd(error);
    throw error;
  });

  let state: SessionState = 'pending';
  let version = -1;
  let controlAgentId: string | undefined;
  let ownerAgentId = view.ownerAgentId;
  let finished = false;
  let leaving = false;
  let shared: Share | undefined;
  let executor: ControlExecutor | undefined;
  let dialog: { agent: string; ui: ControlDialog } | undefined;
  const timings: SessionRuntime['timings'] = {};

  const ui = createUiHost(doc);
  ui.addStyles(UI_CSS);
  const banner: Banner = createBanner(ui, labels, { end: () => void end(), revoke: () => void revoke() });
  banner.show({ kind: 'sharing', agent: ownerAgentId || labels.someAgent });
  let guidance: Guidance | undefined;
  const stopActivity = watchActivity(win, () => shared?.sendEvent('activity', {}));
  // Leaving the page is not an end: the next page of the tab resumes the session. A page restored from the
  // back/forward cache is back, and reads the state it may have missed (its connection recovers by itself).
  const onPageHide = (): void => { leaving = true; };
  const onPageShow = (event: PageTransitionEvent): void => {
    if (!event.persisted || finished) return;
    leaving = false;
    void refresh();
  };
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);

  const agentName = (id: string | undefined): string => id || ownerAgentId || labels.someAgent;

  const closeDialog = (): void => {
    dialog?.ui.close();
    dialog = undefined;
  };

  const applyState = (next: { state: SessionState; version: number; controlAgentId?: string | null; endReason?: string | null }): void => {
    if (finished || next.version <= version) return;
    version = next.version;
    const previous = state;
    state = next.state;
    controlAgentId = next.controlAgentId ?? undefined;
    switch (next.state) {
      case 'ended':
        void finish(next.endReason ?? 'error');
        return;
      case 'controlRequested':
        showSharing();
        if (previous === 'control') emitter.emit('control-changed', { inControl: false });
        if (!dialog || dialog.agent !== controlAgentId) openDialog(agentName(controlAgentId));
        if (previous !== 'controlRequested') emitter.emit('control-requested', { agentId: controlAgentId ?? '' });
        return;
      case 'control':
        closeDialog();
        banner.show({ kind: 'control', agent: agentName(controlAgentId) });
        guidance?.setControlling(true);
        if (previous !== 'control') emitter.emit('control-changed', { inControl: true, agentId: controlAgentId });
        return;
      default:
        closeDialog();
        showSharing();
        if (previous === 'control') emitter.emit('control-changed', { inControl: false });
    }
  };

  const showSharing = (): void => {
    banner.show({ kind: 'sharing', agent: agentName(undefined) });
    guidance?.setControlling(false);
  };

  const applyView = (session: SessionView): void => {
    ownerAgentId = session.ownerAgentId || ownerAgentId;
    applyState(session);
  };

  const failure = (error: unknown): string =>
    labels.actionFailed(error instanceof ApiError ? error.detail ?? error.title : labels.key.generic);

  const openDialog = (agent: string): void => {
    closeDialog();
    const answer = async (approve: boolean): Promise<void> => {
      const current = dialog;
      current?.ui.setBusy(true);
      try {
        applyView(await (approve ? calls.approveControl() : calls.denyControl()));
        if (dialog === current) closeDialog();
      } catch (error) {
        current?.ui.setBusy(false);
        current?.ui.showError(failure(error));
        void refresh();
      }
    };
    dialog = { agent, ui: openControlDialog(ui, labels, agent, { approve: () => void answer(true), deny: () => void answer(false) }) };
  };

  const revoke = async (): Promise<void> => {
    // Local first: from this instant no control frame is applied, whatever the service answers and whenever.
    const wasControl = state === 'control';
    state = 'viewOnly';
    showSharing();
    if (wasControl) emitter.emit('control-changed', { inControl: false });
    banner.setBusy(true);
    try {
      applyView(await calls.revokeControl());
    } catch (error) {
      banner.showError(failure(error));
    } finally {
      banner.setBusy(false);
    }
  };

  const end = async (): Promise<void> => {
    if (finished) return;
    state = 'ended'; // no control frame applies while the call is out
    banner.setBusy(true);
    try {
      await calls.end();
    } catch {
      // The customer asked to stop: the page stops sharing now whatever the service said; the agent's side sees the
      // connection go and the service ends the session on its own terms.
    }
    await finish('customerEnded');
  };

  const refresh = async (): Promise<void> => {
    try {
      applyView(await calls.get());
    } catch (error) {
      await settleEnd(error);
    }
  };

  const refuse = (frame: ControlFrame, reason: ControlRefusal): void => shared?.send(refusalOf(frame, reason));

  const onControl = (raw: unknown, from: string | undefined): void => {
    const frame = readControlFrame(raw);
    if (!frame || finished || !shared || !executor) return;
    const tenant = tenantOfCustomer(shared.userId, stored.sessionId);
    if (state !== 'control' || !isFromController(from, tenant, controlAgentId)) return refuse(frame, 'not-in-control');
    const outcome = executor.apply(frame);
    if (outcome.applied) return;
    refuse(frame, outcome.reason);
    if (outcome.reason === 'blocked' && outcome.element) showBlockedHint(ui, labels.blocked, outcome.element);
  };

  async function settleEnd(error: unknown): Promise<void> {
    // The service no longer knows this session for this token: ended (409/410), gone (404) or the token expired.
    if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) return;
    let reason = 'error';
    try {
      const latest = await calls.get();
      if (latest.state === 'ended' && latest.endReason) reason = latest.endReason;
    } catch {
      // unreadable: the generic reason
    }
    if (finishing) await finishing(reason);
    else clearSession();
  }

  let finishing: ((reason: string) => Promise<void>) | undefined;
  const finish = async (reason: string): Promise<void> => {
    if (finished || leaving) return;
    finished = true;
    state = 'ended';
    stopActivity();
    win.removeEventListener('pagehide', onPageHide);
    win.removeEventListener('pageshow', onPageShow);
    executor?.dispose();
    closeDialog();
    banner.remove();
    guidance?.dispose();
    clearSession();
    const stopping = shared?.stop();
    emitter.emit('ended', { reason });
    showEndedNotice(ui, labels, reasonInWords(labels, reason), () => ui.remove());
    options.onFinished();
    await stopping?.catch(() => undefined);
  };
  finishing = finish;

  if (view.state === 'ended') {
    await finish(view.endReason ?? 'error');
    throw new ApiError(409, 'Session ended', view.endReason ?? undefined);
  }

  // The snapshot needs the page's body: a script in <head> waits for the parser, while the calls above ran.
  if (doc.readyState === 'loading') await new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }));

  let negotiated: Promise<NegotiateResult> | undefined = firstNegotiate;
  const privacy: MaskConfig = mergePrivacy(config, options.privacy);
  try {
    shared = await share({
      document: doc,
      negotiate: () => {
        const next = negotiated ?? calls.negotiate();
        negotiated = undefined;
        return next;
      },
      privacy,
      onGuide: (frame) => guidance?.apply(frame as never),
      onControl,
      onState: (raw) => {
        const frame = readSessionStateFrame(raw);
        if (frame && frame.sessionId === stored.sessionId) applyState(frame);
      },
      onConnected: () => void refresh(),
      onDisconnected: (reason) => {
        if (reason?.startsWith(ENDED_PREFIX)) void finish(reason.slice(ENDED_PREFIX.length));
      },
      onStatus: (status) => {
        if (status === 'stopped' && !finished && !leaving) void refresh().then(() => finish('error'));
      },
    });
  } catch (error) {
    await settleEnd(error);
    if (!finished) await finish('error');
    throw error;
  }
  timings.firstSnapshotAt = performance.now();
  timings.startMs = timings.firstSnapshotAt - started;
  // Reports list the pages shared: the path only (the service cuts queries and fragments again).
  shared.sendEvent('navigated', { path: win.location.pathname });
  const current = shared;
  guidance = createGuidance(doc, { nodeOf: (id) => current.nodeOf(id), send: (frame) => current.send(frame), locale: options.language, host: ui });
  executor = createControlExecutor({ document: doc, nodeOf: (id) => current.nodeOf(id), blockSelectors: privacy.blockSelectors });
  applyView(view);
  emitter.emit('started', { sessionId: stored.sessionId, channel: view.channel, resumed: options.resumed });

  return {
    sessionId: stored.sessionId,
    state: () => state,
    end,
    timings,
  };
}

function mergePrivacy(config: SiteConfig, own: MaskConfig = {}): MaskConfig {
  return {
    maskSelectors: [...config.maskSelectors, ...(own.maskSelectors ?? [])],
    redactSelectors: [...config.redactSelectors, ...(own.redactSelectors ?? [])],
    blockSelectors: [...config.blockSelectors, ...(own.blockSelectors ?? [])],
  };
}
