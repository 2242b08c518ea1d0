// The demo sign-in: an agent id for the demo tenant (POST /demo/api/agent-token). A tenant's own desktop hands a
// token over in `#token=` instead and never shows this.
import type { ApiClient } from './api';
import { h } from './dom';

export function createSignIn(api: ApiClient, signedIn: (token: string) => void): HTMLElement {
  const field = h('input', { id: 'aa-agent-id', name: 'agentId', required: true, autocomplete: 'username', value: 'alice', maxlength: 64 });
  const error = h('p', { className: 'aa-error', role: 'alert' });
  const submit = h('button', { type: 'submit', className: 'aa-button aa-primary' }, 'Sign in');
  const form = h('form', { className: 'aa-signin', 'aria-labelledby': 'aa-signin-title' },
    h('h1', { id: 'aa-signin-title' }, 'CoBrowse agent console'),
    h('label', { for: 'aa-agent-id' }, 'Agent id'), field, submit, error,
    h('p', { className: 'aa-hint' }, 'Demo sign-in for the local demo tenant.'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    api.demo<{ token: string }>('POST', '/agent-token', { agentId: field.value.trim() })
      .then(({ token }) => signedIn(token))
      .catch((failure: Error) => {
        error.textContent = `Sign-in failed: ${failure.message}`;
        submit.disabled = false;
      });
  });
  queueMicrotask(() => field.focus());
  return form;
}
