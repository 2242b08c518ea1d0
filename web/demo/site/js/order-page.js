// The confirmation after "Pay now".
import { findOrder } from './orders.js';
import { formatPrice } from './products.js';

const section = document.getElementById('order');
const order = findOrder(new URLSearchParams(location.search).get('order') ?? '');

if (!order) {
  section.innerHTML = '<h1>Order not found</h1><p><a href="index.html">Back to the shop</a></p>';
} else {
  section.innerHTML = `
    <p class="eyebrow">Thank you</p>
    <h1>Your order is confirmed</h1>
    <p>Order number <strong id="order-number"></strong>. A confirmation is on its way to <span id="order-email"></span>.</p>
    <ul class="summary-lines" id="order-lines"></ul>
    <dl class="totals"><div class="total-row"><dt>Total paid</dt><dd id="order-total"></dd></div></dl>
    <p class="muted">Shipping to <span id="order-address"></span></p>
    <a class="button button-primary" href="index.html">Continue shopping</a>`;
  section.querySelector('#order-number').textContent = order.id;
  section.querySelector('#order-email').textContent = order.shipTo.email;
  section.querySelector('#order-total').textContent = formatPrice(order.total);
  section.querySelector('#order-address').textContent = `${order.shipTo.name}, ${order.shipTo.address}, ${order.shipTo.city} ${order.shipTo.postal}, ${order.shipTo.country}`;
  section.querySelector('#order-lines').replaceChildren(...order.lines.map((line) => {
    const item = document.createElement('li');
    item.innerHTML = '<span class="line-name"></span><span class="line-total"></span>';
    item.querySelector('.line-name').textContent = `${line.quantity} × ${line.name}`;
    item.querySelector('.line-total').textContent = formatPrice(line.total);
    return item;
  }));
}
