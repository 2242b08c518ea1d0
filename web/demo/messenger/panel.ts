// The widget's static DOM: launcher, panel, start form, message list, composer and the "conversation ended" footer.
import { WIDGET_CSS } from './styles';

export interface PanelElements {
  launcher: HTMLButtonElement;
  unread: HTMLSpanElement;
  panel: HTMLElement;
  close: HTMLButtonElement;
  subtitle: HTMLParagraphElement;
  startForm: HTMLFormElement;
  nameInput: HTMLInputElement;
  startButton: HTMLButtonElement;
  startError: HTMLParagraphElement;
  messages: HTMLOListElement;
  composer: HTMLFormElement;
  composerInput: HTMLTextAreaElement;
  composerError: HTMLParagraphElement;
  ended: HTMLElement;
  endedText: HTMLParagraphElement;
  newConversation: HTMLButtonElement;
}

const MARKUP = `
<section class="panel" id="panel" role="dialog" aria-labelledby="panel-title" hidden>
  <header class="panel-header">
    <div><h2 id="panel-title">Northwind support</h2><p id="panel-subtitle">We usually reply in a few minutes</p></div>
    <button type="button" class="close" id="close" aria-label="Close chat">×</button>
  </header>
  <form class="start" id="start-form" novalidate>
    <fieldset>
      <legend>How would you like to talk to us?</legend>
      <label class="choice"><input type="radio" name="channel" value="webMessaging" checked><span><strong>Message us</strong><span>Leave a message; we reply here, even after you leave the page.</span></span></label>
      <label class="choice"><input type="radio" name="channel" value="webChat"><span><strong>Live chat</strong><span>Chat with an agent right now.</span></span></label>
    </fieldset>
    <label class="text" for="customer-name">Your name<input type="text" id="customer-name" name="customerName" autocomplete="given-name" maxlength="80"></label>
    <p class="error" id="start-error" role="alert"></p>
    <button type="submit" class="primary" id="start">Start conversation</button>
  </form>
  <ol class="messages" id="messages" role="log" aria-live="polite" aria-label="Conversation" hidden></ol>
  <form class="composer" id="composer" novalidate hidden>
    <label class="visually-hidden" for="composer-input">Message</label>
    <textarea id="composer-input" name="text" rows="1" maxlength="2000" placeholder="Write a message…"></textarea>
    <button type="submit" class="primary" id="send">Send</button>
  </form>
  <p class="error" id="composer-error" role="alert" hidden></p>
  <div class="ended" id="conversation-ended" hidden>
    <p id="conversation-ended-text">This conversation has ended.</p>
    <button type="button" class="secondary" id="new-conversation">Start a new conversation</button>
  </div>
</section>
<button type="button" class="launcher" id="launcher" aria-expanded="false" aria-controls="panel">
  <svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>
  <span id="launcher-label">Chat with us</span>
  <span class="unread" id="unread" hidden></span>
</button>`;

/** Builds the widget in an open shadow root of `host` (open so tests and assistive tech can reach it). */
export function buildPanel(host: HTMLElement): PanelElements {
  const root = host.attachShadow({ mode: 'open' });
  // A constructed sheet is not inline style, so a site CSP without 'unsafe-inline' cannot unstyle the widget.
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = WIDGET_CSS;
    root.append(style);
  }
  const template = document.createElement('template');
  template.innerHTML = MARKUP;
  root.append(template.content);
  const $ = <T extends Element>(id: string): T => {
    const element = root.getElementById(id);
    if (!element) throw new Error(`messenger: #${id} is missing`);
    return element as unknown as T;
  };
  return {
    launcher: $('launcher'),
    unread: $('unread'),
    panel: $('panel'),
    close: $('close'),
    subtitle: $('panel-subtitle'),
    startForm: $('start-form'),
    nameInput: $('customer-name'),
    startButton: $('start'),
    startError: $('start-error'),
    messages: $('messages'),
    composer: $('composer'),
    composerInput: $('composer-input'),
    composerError: $('composer-error'),
    ended: $('conversation-ended'),
    endedText: $('conversation-ended-text'),
    newConversation: $('new-conversation'),
  };
}
