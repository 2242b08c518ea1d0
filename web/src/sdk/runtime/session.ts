// One co-browse session on this page, from the moment it is joined (or resumed after a navigation) until it ends:
// shares the page, follows the service's session state (state group frames, checked with GET /sessions/{id}: see
// authority.ts), drives the banner, the control request dialog and the control executor, reports activity, and on
// any end takes every trace of itself off the page.
import type { MaskConfig } from '../../capture';
import { readControlFrame, type ControlFrame, type ControlRefusal } from '../../protocol/control';
import { readSessionStateFrame, type EndReason, type SessionState } from '../../protocol/session';
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
import { answerApplies, approves, judgeFrame, type Approval, type Known } from './authority';
import { clearSession, loadSession, saveSession, type StoredSession } from './store';

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
/** Reads of the session's state start at least this far apart, however many frames ask for one. */
const RESYNC_SPACING_MS = 1000;

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

  /** The service's state as far as the page believes it. */
  let known: Known = { state: 'pending', version: -1 };
  /** What the page does and shows: `control` only while the customer's approval matches what the service says. */
  let state: SessionState = 'pending';
  let approval: Approval | undefined = stored.control;
  /**
   * Counts restores from the back/forward cache. A restored page was frozen while the tab went on (the customer may
   * have revoked on a later page), so it runs no control frame until a read sent after the restore answers.
   */
  let restores = 0;
  let confirmedAt = 0;
  /** The agent whose request the customer just approved, until the service's answer is in. */
  let approving: string | undefined;
  let revoking = false;
  let ownerAgentId = view.ownerAgentId;
  let finished = false;
  let leaving = false;
  let shared: Share | undefined;
  let executor: ControlExecutor | undefined;
  let dialog: { agentId?: string | null; ui: ControlDialog } | undefined;
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
    // The tab's approval is what the later pages left in sessionStorage, not what this page held when it was frozen.
    const tab = loadSession();
    restores += 1;
    approval = tab?.sessionId === stored.sessionId ? tab.control : undefined;
    follow({ ...known });
    void resync();
  };
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);

  const agentName = (id?: string | null): string => id || ownerAgentId || labels.someAgent;

  const closeDialog = (): void => {
    dialog?.ui.close();
    dialog = undefined;
  };

  /** Shows a state the page believes and does what it says; control only with the customer's matching approval. */
  const follow = (next: Known & { endReason?: EndReason | null }): void => {
    if (finished) return;
    const previous = state;
    const previousAgentId = known.controlAgentId;
    const agentId = next.controlAgentId ?? undefined;
    known = { state: next.state, version: next.version, controlAgentId: agentId };
    state = next.state === 'control' && !(approves(approval, known) && confirmedAt === restores) ? 'viewOnly' : next.state;
    // The service confirming what the page shows changes nothing on screen (a dialog keeps its focus, the banner its error).
    if (state === previous && agentId === previousAgentId) return;
    switch (state) {
      case 'ended':
        void finish(next.endReason ?? 'error');
        return;
      case 'controlRequested':
        showSharing();
        if (previous === 'control') emitter.emit('control-changed', { inControl: false });
        if (!dialog || dialog.agentId !== agentId) openDialog(agentId);
        if (previous !== 'controlRequested') emitter.emit('control-requested', { agentId: agentId ?? '' });
        return;
      case 'control':
        closeDialog();
        banner.show({ kind: 'control', agent: agentName(agentId) });
        guidance?.setControlling(true);
        if (previous !== 'control') emitter.emit('control-changed', { inControl: true, agentId });
        return;
      default:
        closeDialog();
        showSharing();
        if (previous === 'control') emitter.emit('control-changed', { inControl: false });
    }
  };

  const showSharing = (): void => {
    banner.show({ kind: 'sharing', agent: agentName() });
    guidance?.setControlling(false);
  };

  const remember = (next: Approval | undefined): void => {
    approval = next;
    if (!finished) saveSession({ ...stored, control: next });
  };

  /** The service's word over HTTPS, for a call made while the page knew version `sentAt`. */
  const applyAnswer = (view: SessionView, sentAt: number, sentRestores: number): void => {
    if (finished || !answerApplies(known, view, sentAt)) return;
    confirmedAt = Math.max(confirmedAt, sentRestores);
    ownerAgentId = view.ownerAgentId || ownerAgentId;
    // Control the customer approved here: its click on Approve, and the service's control for that very agent.
    if (view.state === 'control' && approving !== undefined && view.controlAgentId === approving) {
      remember({ agentId: approving, version: view.version });
    } else if (approval && !approves(approval, view)) {
      remember(undefined);
    }
    follow(view);
    takeBackUnapproved();
  };

  /**
   * The service says an agent controls the page that the customer did not approve in this tab (it approved a forged
   * request naming someone else, or the approval was lost with a page): the page hands control back, so that the
   * agent sees what the page does.
   */
  const takeBackUnapproved = (): void => {
    if (known.state === 'control' && state !== 'control' && approving === undefined && !revoking && !finished) void revoke();
  };

  const onStateFrame = (frame: Known & { endReason?: EndReason }): void => {
    const verdict = judgeFrame(known, frame);
    if (finished || verdict === 'ignore') return;
    if (verdict === 'apply') follow(frame);
    // What a frame did at once (a dialog shown, control stopped) is checked with the service too.
    if (!finished) void resync();
  };

  const failure = (error: unknown): string =>
    labels.actionFailed(error instanceof ApiError ? error.detail ?? error.title : labels.key.generic);

  const openDialog = (agentId?: string | null): void => {
    closeDialog();
    const answer = async (approve: boolean): Promise<void> => {
      const current = dialog;
      current?.ui.setBusy(true);
      if (approve) approving = agentId ?? '';
      const sentAt = known.version;
      const sentRestores = restores;
      try {
        applyAnswer(await (approve ? calls.approveControl() : calls.denyControl()), sentAt, sentRestores);
        if (dialog === current) closeDialog();
      } catch (error) {
        current?.ui.setBusy(false);
        current?.ui.showError(failure(error));
        // No request to answer (409: it was withdrawn, or never made), or the answer was lost: the service says
        // what holds now, and a dialog that closes on it leaves its reason on the banner.
        await read();
        if (dialog !== current) banner.showError(failure(error));
      } finally {
        approving = undefined;
        takeBackUnapproved();
      }
    };
    dialog = { agentId, ui: openControlDialog(ui, labels, agentName(agentId), { approve: () => void answer(true), deny: () => void answer(false) }) };
  };

  const revoke = async (): Promise<void> => {
    // Local first: from this instant no control frame is applied, whatever the service answers and whenever.
    const wasControl = state === 'control';
    remember(undefined);
    state = 'viewOnly';
    showSharing();
    if (wasControl) emitter.emit('control-changed', { inControl: false });
    revoking = true;
    banner.setBusy(true);
    const sentAt = known.version;
    const sentRestores = restores;
    try {
      applyAnswer(await calls.revokeControl(), sentAt, sentRestores);
    } catch (error) {
      banner.showError(failure(error));
    } finally {
      revoking = false;
      banner.setBusy(false);
    }
  };

  const end = async (): Promise<void> => {
    if (finished) return;
    state = 'ended'; // no control frame applies while the call is out,
    approval = undefined; // nor after a read that answers meanwhile
    banner.setBusy(true);
    try {
      await calls.end();
    } catch {
      // The customer asked to stop: the page stops sharing now whatever the service said; the agent's side sees the
      // connection go and the service ends the session on its own terms.
    }
    await finish('customerEnded');
  };

  const read = async (): Promise<void> => {
    const sentAt = known.version;
    const sentRestores = restores;
    try {
      applyAnswer(await calls.get(), sentAt, sentRestores);
    } catch (error) {
      await settleEnd(error);
    }
  };

  // One read in flight and at most one more after it, spaced: a flood of frames costs the API about one read a second.
  let reading: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let lastRead = -RESYNC_SPACING_MS;
  const spacedRead = async (): Promise<void> => {
    const wait = lastRead + RESYNC_SPACING_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => win.setTimeout(resolve, wait));
    lastRead = performance.now();
    if (!finished) await read().catch(() => undefined); // read settles its own failures
    reading = undefined;
  };
  const resync = (): Promise<void> => {
    if (queued) return queued;
    if (!reading) return (reading = spacedRead());
    return (queued = reading.then(() => {
      queued = undefined;
      return (reading = spacedRead());
    }));
  };

  const refuse = (frame: ControlFrame, reason: ControlRefusal): void => shared?.send(refusalOf(frame, reason));

  const onControl = (raw: unknown, from: string | undefined): void => {
    const frame = readControlFrame(raw);
    if (!frame || finished || !shared || !executor) return;
    const tenant = tenantOfCustomer(shared.userId, stored.sessionId);
    if (state !== 'control' || !approves(approval, known) || confirmedAt !== restores || !isFromController(from, tenant, approval?.agentId)) return refuse(frame, 'not-in-control');
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
        if (frame && frame.sessionId === stored.sessionId) onStateFrame(frame);
      },
      onConnected: () => void resync(),
      onDisconnected: (reason) => {
        if (reason?.startsWith(ENDED_PREFIX)) void finish(reason.slice(ENDED_PREFIX.length));
      },
      onStatus: (status) => {
        if (status === 'stopped' && !finished && !leaving) void read().then(() => finish('error'));
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
  applyAnswer(view, -1, restores);
  guidance.setControlling(approves(approval, known)); // a read during the start may have shown the state before guidance was there
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
