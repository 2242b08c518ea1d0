// The account page: a demo sign-in (no real accounts) and the profile's recent orders.
import { readOrders } from './orders.js';
import { formatPrice } from './products.js';

const form = document.getElementById('signin-form');
const message = document.getElementById('signin-message');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const email = document.getElementById('signin-email').value.trim();
  const password = document.getElementById('signin-password').value;
  if (!email || !password) {
    message.className = 'form-error';
    message.textContent = 'Enter your email and password.';
    return;
  }
  message.className = 'success';
  message.textContent = `Signed in as ${email} (demo: any password works).`;
  document.getElementById('profile-email').textContent = email;
});

const orders = readOrders();
const list = document.getElementById('recent-orders');
if (orders.length === 0) list.innerHTML = '<li class="muted">No orders yet.</li>';
else list.replaceChildren(...orders.slice(0, 5).map((order) => {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = `order.html?order=${encodeURIComponent(order.id)}`;
  link.textContent = order.id;
  item.append(link, ` · ${new Date(order.placedAt).toLocaleDateString('en-US')} · ${formatPrice(order.total)}`);
  return item;
}));
