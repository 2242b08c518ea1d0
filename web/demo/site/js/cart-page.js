// The cart: quantities change totals as they are edited; removing a line re-renders.
import { cartSummary, removeFromCart, setQuantity, MAX_QUANTITY } from './cart.js';
import { formatPrice } from './products.js';

const list = document.getElementById('cart-items');
const empty = document.getElementById('cart-empty');
const checkout = document.getElementById('checkout-link');

function line({ id, quantity, product, total }) {
  const item = document.createElement('li');
  item.className = 'cart-line';
  item.dataset.productId = id;
  item.innerHTML = `
    <img src="${product.image}" alt="" width="96" height="72">
    <div class="cart-line-info"><a class="cart-line-name" href="product.html?id=${encodeURIComponent(id)}"></a><span class="muted unit-price"></span></div>
    <label class="visually-hidden" for="qty-${id}"></label>
    <input class="cart-qty" id="qty-${id}" type="number" min="0" max="${MAX_QUANTITY}" inputmode="numeric">
    <span class="line-total"></span>
    <button type="button" class="link-button remove">Remove</button>`;
  item.querySelector('.cart-line-name').textContent = product.name;
  item.querySelector('.unit-price').textContent = `${formatPrice(product.price)} each`;
  item.querySelector('label').textContent = `Quantity of ${product.name}`;
  const input = item.querySelector('.cart-qty');
  input.value = String(quantity);
  item.querySelector('.line-total').textContent = formatPrice(total);
  // `change`, not `input`: re-rendering while a number is being typed would steal the caret.
  input.addEventListener('change', () => { setQuantity(id, input.value); render(); });
  const remove = item.querySelector('.remove');
  remove.setAttribute('aria-label', `Remove ${product.name}`);
  remove.addEventListener('click', () => { removeFromCart(id); render(); });
  return item;
}

function render() {
  const { lines, subtotal } = cartSummary();
  list.replaceChildren(...lines.map(line));
  empty.hidden = lines.length > 0;
  document.getElementById('cart-subtotal').textContent = formatPrice(subtotal);
  document.getElementById('cart-total').textContent = formatPrice(subtotal);
  checkout.classList.toggle('is-disabled', lines.length === 0);
  checkout.setAttribute('aria-disabled', String(lines.length === 0));
}

checkout.addEventListener('click', (event) => { if (cartSummary().lines.length === 0) event.preventDefault(); });
window.addEventListener('storage', render);
render();
