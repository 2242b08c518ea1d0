// Checkout: fields are validated as they are typed and changed, the shipping choice updates the total, and
// "Pay now" (inside the payment form the site marks data-cobrowse-block, so agents can't press it) places the order.
import { cartSummary, clearCart } from './cart.js';
import { formatPrice } from './products.js';
import { newOrderId, saveOrder } from './orders.js';
import { RULES } from './checkout-validation.js';

const shippingForm = document.getElementById('shipping-form');
const paymentForm = document.getElementById('payment-form');
const shipping = document.getElementById('shipping');
const formError = document.getElementById('checkout-error');
const touched = new Set();

function validate(id) {
  const input = document.getElementById(id);
  const message = RULES[id](input.value);
  const error = document.getElementById(`${id}-error`);
  error.textContent = message;
  input.setAttribute('aria-invalid', String(message !== ''));
  if (message) input.setAttribute('aria-describedby', error.id);
  else input.removeAttribute('aria-describedby');
  return message === '';
}

for (const id of Object.keys(RULES)) {
  const input = document.getElementById(id);
  // While typing, only re-check a field already judged once, so nobody is scolded mid-word.
  input.addEventListener('input', () => { if (touched.has(id)) validate(id); });
  input.addEventListener('change', () => { touched.add(id); validate(id); });
  input.addEventListener('blur', () => { if (input.value) { touched.add(id); validate(id); } });
}

const shippingPrice = () => Number(shipping.selectedOptions[0]?.dataset.price ?? 0);

function renderSummary() {
  const { lines, subtotal } = cartSummary();
  const list = document.getElementById('checkout-lines');
  list.replaceChildren(...lines.map(({ product, quantity, total }) => {
    const item = document.createElement('li');
    item.innerHTML = '<span class="line-name"></span><span class="line-total"></span>';
    item.querySelector('.line-name').textContent = `${quantity} × ${product.name}`;
    item.querySelector('.line-total').textContent = formatPrice(total);
    return item;
  }));
  if (lines.length === 0) list.innerHTML = '<li class="muted">Your cart is empty.</li>';
  document.getElementById('checkout-subtotal').textContent = formatPrice(subtotal);
  document.getElementById('checkout-shipping').textContent = shippingPrice() === 0 ? 'Free' : formatPrice(shippingPrice());
  document.getElementById('checkout-total').textContent = formatPrice(subtotal + shippingPrice());
}

shipping.addEventListener('change', renderSummary);
shippingForm.addEventListener('submit', (event) => {
  event.preventDefault();
  document.getElementById('card-name').focus();
});

paymentForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const { lines, subtotal } = cartSummary();
  const ids = Object.keys(RULES);
  ids.forEach((id) => touched.add(id));
  const invalid = ids.filter((id) => !validate(id));
  if (lines.length === 0) {
    formError.textContent = 'Your cart is empty.';
    return;
  }
  if (invalid.length > 0) {
    formError.textContent = 'Please correct the highlighted fields.';
    document.getElementById(invalid[0]).focus();
    return;
  }
  formError.textContent = '';
  const value = (id) => document.getElementById(id).value.trim();
  const order = {
    id: newOrderId(),
    placedAt: new Date().toISOString(),
    lines: lines.map(({ id, quantity, product, total }) => ({ id, name: product.name, quantity, total })),
    subtotal,
    shipping: { method: shipping.value, price: shippingPrice() },
    total: subtotal + shippingPrice(),
    shipTo: { name: value('name'), email: value('email'), address: value('address'), city: value('city'), postal: value('postal'), country: value('country') },
  };
  saveOrder(order);
  clearCart();
  location.href = `order.html?order=${encodeURIComponent(order.id)}`;
});

window.addEventListener('cart-changed', renderSummary);
window.addEventListener('storage', renderSummary);
renderSummary();
