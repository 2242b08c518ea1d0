// Field rules of the checkout. Each returns an error message, or '' when the value is fine.
const required = (label) => (value) => (value.trim() ? '' : `Enter your ${label}.`);

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function expiry(value) {
  const match = /^\s*(\d{2})\s*\/\s*(\d{2})\s*$/.exec(value);
  if (!match) return 'Use the format MM/YY.';
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return 'The month must be 01 to 12.';
  const now = new Date();
  return year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1) ? 'This card has expired.' : '';
}

export const RULES = {
  name: required('full name'),
  email: (value) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? '' : 'Enter an email address like name@example.com.'),
  address: required('address'),
  city: required('city'),
  postal: (value) => (/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/.test(value.trim()) ? '' : 'Enter a postal code.'),
  'card-name': required('name as it appears on the card'),
  'card-number': (value) => {
    const digits = value.replace(/[\s-]/g, '');
    if (!/^\d{13,19}$/.test(digits)) return 'A card number has 13 to 19 digits.';
    return luhn(digits) ? '' : 'This card number is not valid.';
  },
  'card-expiry': expiry,
  'card-cvc': (value) => (/^\d{3,4}$/.test(value.trim()) ? '' : 'The CVC is the 3 or 4 digits on the back.'),
};
