// What every page shares: the cart badge in the header and the footer's "Share my screen" button.
import { cartCount } from './cart.js';

function renderCartBadge() {
  const badge = document.getElementById('cart-count');
  if (!badge) return;
  const count = cartCount();
  badge.textContent = String(count);
  badge.hidden = count === 0;
  badge.closest('a')?.setAttribute('aria-label', `Cart, ${count} ${count === 1 ? 'item' : 'items'}`);
}

window.addEventListener('cart-changed', renderCartBadge);
// Another tab changed the cart.
window.addEventListener('storage', renderCartBadge);
renderCartBadge();

document.getElementById('share-screen')?.addEventListener('click', () => {
  // The SDK may be missing (blocked, not built yet): the button then explains instead of failing silently.
  if (window.CoBrowse?.showKeyPrompt) window.CoBrowse.showKeyPrompt();
  else document.getElementById('share-screen-unavailable')?.removeAttribute('hidden');
});

const here = location.pathname.split('/').pop() || 'index.html';
for (const link of document.querySelectorAll('.site-nav a')) {
  if (link.getAttribute('href') === here) link.setAttribute('aria-current', 'page');
}
