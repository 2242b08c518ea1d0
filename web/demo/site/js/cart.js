// The shopping cart, kept in localStorage so it survives navigation, reloads and a co-browse session moving pages.
// Every change dispatches a `cart-changed` event on window so the header badge and open pages follow.
import { findProduct } from './products.js';

const STORAGE_KEY = 'northwind.cart';
export const MAX_QUANTITY = 20;

/** @returns {{ id: string, quantity: number }[]} */
export function readCart() {
  try {
    const items = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(items) ? items.filter((item) => findProduct(item.id) && item.quantity > 0) : [];
  } catch {
    return [];
  }
}

function writeCart(items) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
  window.dispatchEvent(new CustomEvent('cart-changed'));
}

const clampQuantity = (quantity) => Math.max(0, Math.min(MAX_QUANTITY, Math.floor(Number(quantity) || 0)));

export function addToCart(id, quantity) {
  const items = readCart();
  const line = items.find((item) => item.id === id);
  if (line) line.quantity = clampQuantity(line.quantity + quantity);
  else items.push({ id, quantity: clampQuantity(quantity) });
  writeCart(items.filter((item) => item.quantity > 0));
}

export function setQuantity(id, quantity) {
  writeCart(readCart().map((item) => (item.id === id ? { ...item, quantity: clampQuantity(quantity) } : item)).filter((item) => item.quantity > 0));
}

export const removeFromCart = (id) => writeCart(readCart().filter((item) => item.id !== id));

export const clearCart = () => writeCart([]);

export const cartCount = () => readCart().reduce((sum, item) => sum + item.quantity, 0);

/** Lines with their product and line total, and the subtotal (cents). */
export function cartSummary() {
  const lines = readCart().map((item) => {
    const product = findProduct(item.id);
    return { ...item, product, total: product.price * item.quantity };
  });
  return { lines, subtotal: lines.reduce((sum, line) => sum + line.total, 0) };
}
