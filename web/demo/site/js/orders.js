// Placed orders (demo only): kept in localStorage for the confirmation and account pages. No card data is stored.
const STORAGE_KEY = 'northwind.orders';

export function readOrders() {
  try {
    const orders = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(orders) ? orders : [];
  } catch {
    return [];
  }
}

export function saveOrder(order) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify([order, ...readOrders()].slice(0, 20)));
}

export const findOrder = (id) => readOrders().find((order) => order.id === id);

export const newOrderId = () => `NW-${Date.now().toString(36).toUpperCase()}-${Math.floor(Math.random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`;
