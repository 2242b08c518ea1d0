// The agent console application: sign-in, then the work area — interactions and active sessions on the left, the
// selected interaction's workspace in the middle (one per interaction, kept alive while the agent switches).
import { ApiClient } from './api';
import { forgetIdentity, rememberIdentity, restoreIdentity, type AgentIdentity } from './auth';
import { h, replace } from './dom';
import { createInteractionsList, type InteractionsList } from './interactions-list';
import type { Interaction, SessionInfo } from './model';
import { forgetAllSessions, forgetSession, rememberedSessions } from './open-sessions';
import { createSessionsList, type SessionsList } from './sessions-list';
import { createSignIn } from './sign-in';
import { hasSupervisorRole } from './supervisor-model';
import { createSupervisorPage } from './supervisor-page';
import { createLiveTab } from './supervisor-tab';
import { APP_CSS } from './styles';
import { createWorkspace, type Workspace } from './workspace';

export interface AgentAppOptions {
  root: HTMLElement;
  /** Product API base; default: this page's origin + /api/v1. */
  apiBase?: string;
  /** Demo backend base; default: this page's origin + /demo/api. */
  demoBase?: string;
}

export interface AgentApp {
  dispose(): void;
}

export function startAgentApp(options: AgentAppOptions): AgentApp {
  const { root } = options;
  const style = document.createElement('style');
  style.textContent = APP_CSS;
  document.head.append(style);
  root.classList.add('aa');

  let identity: AgentIdentity | undefined = restoreIdentity();
  let disposeWork: (() => void) | undefined;
  const api = new ApiClient({
    apiBase: options.apiBase ?? `${location.origin}/api/v1`,
    demoBase: options.demoBase ?? `${location.origin}/demo/api`,
    token: () => identity?.token,
    unauthorized: () => signOut('Your sign-in expired. Please sign in again.'),
  });

  const showSignIn = (reason?: string): void => {
    disposeWork?.();
    disposeWork = undefined;
    replace(root, h('main', { className: 'aa-signin-page' },
      reason ? h('p', { className: 'aa-error', role: 'alert' }, reason) : null,
      createSignIn(api, (token) => {
        identity = rememberIdentity(token);
        if (identity) showWork(identity);
      })));
  };
  const signOut = (reason?: string): void => {
    if (!identity) return;
    identity = undefined;
    forgetIdentity();
    forgetAllSessions();
    showSignIn(reason);
  };

  const showWork = (me: AgentIdentity): void => {
    disposeWork?.();
    const workspaces = new Map<string, Workspace>();
    const placeholder = (): HTMLElement => h('p', { className: 'aa-placeholder' }, 'Select an interaction, or start a new voice call.');
    const stage = h('main', { className: 'aa-stage', id: 'aa-main', tabindex: -1 }, placeholder());
    const show = (workspace: Workspace): void => {
      for (const other of workspaces.values()) other.element.hidden = other !== workspace;
      interactions.select(workspace.interaction.id);
    };
    const openInteraction = (interaction: Interaction): Workspace => {
      let workspace = workspaces.get(interaction.id);
      if (!workspace) {
        workspace = createWorkspace(api, me.agentId, interaction, () => closeInteraction(interaction.id));
        workspaces.set(interaction.id, workspace);
        stage.append(workspace.element);
        stage.querySelector('.aa-placeholder')?.remove();
      }
      show(workspace);
      return workspace;
    };
    const closeInteraction = (id: string): void => {
      const workspace = workspaces.get(id);
      if (!workspace) return;
      workspaces.delete(id);
      workspace.dispose();
      workspace.element.remove();
      interactions.select(undefined);
      if (workspaces.size === 0) stage.append(placeholder());
    };
    const openSession = (session: SessionInfo): void => {
      const known = interactions.find(session.interactionId);
      const interaction = known ?? { id: session.interactionId, channel: session.channel, title: `Interaction ${session.interactionId}`, status: 'open' as const };
      openInteraction(interaction).openSession(session);
    };

    const interactions: InteractionsList = createInteractionsList(
      api,
      (interaction) => void openInteraction(interaction),
      (interaction) => workspaces.get(interaction.id)?.interactionEnded(interaction.status),
    );
    const sessions: SessionsList = createSessionsList(api, me.agentId, openSession);
    const work = h('div', { className: 'aa-body' },
      h('nav', { className: 'aa-side', 'aria-label': 'Interactions and sessions' }, interactions.element, sessions.element), stage);
    const live = hasSupervisorRole(me.token) ? createSupervisorPage(api, me.agentId) : undefined;
    const header = h('header', { className: 'aa-top' },
      h('a', { className: 'aa-skip', href: '#aa-main' }, 'Skip to work area'),
      h('strong', { className: 'aa-brand' }, 'CoBrowse'), h('span', { className: 'aa-top-title' }, 'Agent console'),
      live ? createLiveTab(work, live) : null,
      h('span', { className: 'aa-spacer' }),
      h('span', { className: 'aa-agent', 'data-testid': 'agent-id' }, `Signed in as ${me.agentId}`),
      h('button', { type: 'button', className: 'aa-button', 'data-action': 'sign-out', onclick: () => signOut() }, 'Sign out'));
    replace(root, header, work, live?.element);
    // Sessions this tab had joined before a reload: join them again while they last.
    for (const remembered of rememberedSessions()) {
      api.api<SessionInfo>('GET', `/sessions/${encodeURIComponent(remembered.sessionId)}`).then(
        (session) => (session.state === 'ended' ? forgetSession(session.sessionId) : openSession(session)),
        () => forgetSession(remembered.sessionId),
      );
    }
    disposeWork = () => {
      interactions.dispose();
      sessions.dispose();
      live?.dispose();
      for (const workspace of workspaces.values()) workspace.dispose();
    };
  };

  // A desktop that embeds the console may hand a (new) token over later, in the address's fragment.
  const onHashChange = (): void => {
    if (!location.hash.includes('token=')) return;
    const handed = restoreIdentity();
    if (!handed) return;
    identity = handed;
    showWork(handed);
  };
  window.addEventListener('hashchange', onHashChange);

  if (identity) showWork(identity);
  else showSignIn();
  return {
    dispose() {
      window.removeEventListener('hashchange', onHashChange);
      disposeWork?.();
      style.remove();
    },
  };
}
