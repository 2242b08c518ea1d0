// "Interactions": the demo conversations (web messaging and web chat, refreshed) and this console's voice calls
// ("New voice call" makes a local call id, as a phone system would hand one over).
import type { ApiClient } from './api';
import { h, replace } from './dom';
import { channelName } from './format';
import type { Conversation, Interaction } from './model';

const POLL_MS = 3000;
const CALLS_KEY = 'cobrowse.agent.calls';

export interface InteractionsList {
  element: HTMLElement;
  select(id: string | undefined): void;
  find(id: string): Interaction | undefined;
  refresh(): Promise<void>;
  dispose(): void;
}

export function createInteractionsList(
  api: ApiClient,
  open: (interaction: Interaction) => void,
  /** A conversation's status changed (ended, transferred) since the last refresh. */
  changed: (interaction: Interaction) => void,
): InteractionsList {
  const list = h('ul', { className: 'aa-list', 'aria-label': 'Interactions', 'data-testid': 'interaction-list' });
  const status = h('p', { className: 'aa-empty' });
  const newCall = h('button', { type: 'button', className: 'aa-button', 'data-action': 'new-call', onclick: () => addCall() }, 'New voice call');
  const element = h('section', { className: 'aa-section', 'aria-labelledby': 'aa-interactions-title' },
    h('div', { className: 'aa-section-head' }, h('h2', { id: 'aa-interactions-title' }, 'Interactions'), newCall), list, status);

  let calls: Interaction[] = readCalls();
  let conversations: Interaction[] = [];
  let selected: string | undefined;
  let demoAvailable = true;
  let previous = new Map<string, Interaction['status']>();

  const all = (): Interaction[] => [...calls.slice().reverse(), ...conversations];
  const render = (): void => {
    const items = all();
    status.hidden = items.length > 0 && demoAvailable;
    status.textContent = demoAvailable ? 'No interactions yet.' : 'Conversations not available (no demo backend).';
    replace(list, ...items.map((item) => h('li', {},
      h('button', {
        type: 'button', className: 'aa-row', 'data-interaction-id': item.id, 'data-channel': item.channel,
        'aria-current': item.id === selected ? 'true' : undefined, onclick: () => open(item),
      },
      h('span', { className: 'aa-row-title' }, item.title),
      h('span', { className: `aa-badge aa-channel-${item.channel}` }, channelName(item.channel)),
      h('span', { className: 'aa-row-meta' }, `${item.id}${item.status === 'open' ? '' : ` · ${item.status}`}`)))));
  };

  const addCall = (): void => {
    const id = `call-${Math.random().toString(36).slice(2, 8)}`;
    const call: Interaction = { id, channel: 'voice', title: `Voice call ${id.slice(5)}`, status: 'open' };
    calls.push(call);
    sessionStorage.setItem(CALLS_KEY, JSON.stringify(calls));
    render();
    open(call);
  };

  const refresh = async (): Promise<void> => {
    try {
      const body = await api.demo<{ conversations: Conversation[] }>('GET', '/conversations');
      conversations = (body?.conversations ?? []).map((c) => ({
        id: c.conversationId,
        channel: c.channel,
        title: c.customerName || (c.channel === 'webChat' ? 'Web chat' : 'Web messaging'),
        status: c.status,
      }));
      demoAvailable = true;
      for (const conversation of conversations) {
        const before = previous.get(conversation.id);
        if (before !== undefined && before !== conversation.status) changed(conversation);
      }
      previous = new Map(conversations.map((c) => [c.id, c.status]));
    } catch {
      demoAvailable = false;
    }
    render();
  };
  const timer = window.setInterval(() => void refresh(), POLL_MS);
  void refresh();

  return {
    element,
    select(id) {
      selected = id;
      render();
    },
    find: (id) => all().find((item) => item.id === id),
    refresh,
    dispose: () => window.clearInterval(timer),
  };
}

function readCalls(): Interaction[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(CALLS_KEY) ?? '[]') as Interaction[];
    return Array.isArray(stored) ? stored.filter((c) => typeof c?.id === 'string') : [];
  } catch {
    return [];
  }
}
