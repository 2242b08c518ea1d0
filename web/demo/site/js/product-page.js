// A product's page: quantity and "Add to cart", which updates the header badge at once.
import { CATEGORIES, findProduct, formatPrice } from './products.js';
import { MAX_QUANTITY, addToCart } from './cart.js';

const container = document.getElementById('product');
const product = findProduct(new URLSearchParams(location.search).get('id') ?? '');

if (!product) {
  container.innerHTML = '<h1>Product not found</h1><p>It may have sold out. <a href="index.html">Back to the shop</a>.</p>';
} else {
  document.title = `${product.name} · Northwind Outfitters`;
  document.getElementById('breadcrumb-name').textContent = product.name;
  container.innerHTML = `
    <img class="product-image" src="${product.image}" alt="" width="400" height="300">
    <div class="product-info">
      <p class="eyebrow"></p>
      <h1></h1>
      <p class="price price-large"></p>
      <p class="description"></p>
      <form id="add-form" class="add-form">
        <label for="quantity">Quantity</label>
        <input id="quantity" name="quantity" type="number" min="1" max="${MAX_QUANTITY}" value="1" inputmode="numeric">
        <button type="submit" id="add-to-cart" class="button button-primary">Add to cart</button>
      </form>
      <p id="added-message" class="success" role="status"></p>
      <ul class="perks"><li>Free shipping over $100</li><li>60-day returns</li><li>Lifetime repairs</li></ul>
    </div>`;
  container.querySelector('.eyebrow').textContent = CATEGORIES.find((c) => c.id === product.category)?.label ?? '';
  container.querySelector('h1').textContent = product.name;
  container.querySelector('.price').textContent = formatPrice(product.price);
  container.querySelector('.description').textContent = product.description;

  const quantity = document.getElementById('quantity');
  const message = document.getElementById('added-message');
  document.getElementById('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const count = Math.floor(Number(quantity.value));
    if (!(count >= 1 && count <= MAX_QUANTITY)) {
      message.className = 'form-error';
      message.textContent = `Choose a quantity from 1 to ${MAX_QUANTITY}.`;
      return;
    }
    addToCart(product.id, count);
    message.className = 'success';
    message.innerHTML = '';
    message.append(`Added ${count} × ${product.name} to your cart. `);
    const link = document.createElement('a');
    link.href = 'cart.html';
    link.textContent = 'View cart';
    message.append(link);
  });
}
