// The catalog: category chips and a search box that filter the grid as the customer (or an agent in control) types.
import { CATEGORIES, PRODUCTS, formatPrice } from './products.js';
import { addToCart } from './cart.js';

const grid = document.getElementById('product-grid');
const search = document.getElementById('search');
const chips = document.getElementById('category-filters');
const resultCount = document.getElementById('result-count');
let category = new URLSearchParams(location.search).get('category') ?? 'all';

for (const { id, label } of CATEGORIES) {
  const chip = document.createElement('button');
  chip.type = 'button';
  chip.className = 'chip';
  chip.dataset.category = id;
  chip.textContent = label;
  chips.append(chip);
}

function card(product) {
  const item = document.createElement('li');
  item.className = 'product-card';
  item.dataset.productId = product.id;
  item.innerHTML = `
    <a class="product-link" href="product.html?id=${encodeURIComponent(product.id)}">
      <img src="${product.image}" alt="" width="400" height="300" loading="lazy">
      <span class="product-category"></span>
      <span class="product-name"></span>
    </a>
    <div class="product-card-footer">
      <span class="price"></span>
      <button type="button" class="button button-small add-to-cart">Add to cart</button>
    </div>`;
  item.querySelector('.product-category').textContent = CATEGORIES.find((c) => c.id === product.category)?.label ?? '';
  item.querySelector('.product-name').textContent = product.name;
  item.querySelector('.price').textContent = formatPrice(product.price);
  const add = item.querySelector('.add-to-cart');
  add.setAttribute('aria-label', `Add ${product.name} to cart`);
  add.addEventListener('click', () => {
    addToCart(product.id, 1);
    add.textContent = 'Added ✓';
    setTimeout(() => { add.textContent = 'Add to cart'; }, 1500);
  });
  return item;
}

function render() {
  const query = search.value.trim().toLowerCase();
  const shown = PRODUCTS.filter((p) => (category === 'all' || p.category === category) &&
    (!query || `${p.name} ${p.category} ${p.description}`.toLowerCase().includes(query)));
  grid.replaceChildren(...shown.map(card));
  resultCount.textContent = shown.length === 0 ? 'No products match your search.' : `${shown.length} ${shown.length === 1 ? 'product' : 'products'}`;
  for (const chip of chips.querySelectorAll('.chip')) chip.setAttribute('aria-pressed', String(chip.dataset.category === category));
}

chips.addEventListener('click', (event) => {
  const chip = event.target.closest('.chip');
  if (!chip) return;
  category = chip.dataset.category;
  render();
});
search.addEventListener('input', render);
render();
