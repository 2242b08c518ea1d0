// "Work" / "Live" in the console's header, for supervisors: switches between the agent's work area and the Live page.
import { h } from './dom';
import type { SupervisorPage } from './supervisor-page';

export function createLiveTab(work: HTMLElement, live: SupervisorPage): HTMLElement {
  const workButton = h('button', { type: 'button', className: 'aa-button', 'data-action': 'show-work', 'aria-pressed': 'true' }, 'Work');
  const liveButton = h('button', { type: 'button', className: 'aa-button', 'data-action': 'show-live', 'aria-pressed': 'false' }, 'Live');
  const select = (showLive: boolean): void => {
    work.hidden = showLive;
    live.element.hidden = !showLive;
    workButton.setAttribute('aria-pressed', String(!showLive));
    liveButton.setAttribute('aria-pressed', String(showLive));
    if (showLive) {
      live.show();
      live.element.focus();
    }
  };
  workButton.addEventListener('click', () => select(false));
  liveButton.addEventListener('click', () => select(true));
  return h('nav', { className: 'aa-top-nav', 'aria-label': 'Console pages' }, workButton, liveButton);
}
