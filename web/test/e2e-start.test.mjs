// End to end, through the real UI on both sides: the three ways a co-browse starts (voice key, web messaging offer,
// web chat offer), and the ways a start is refused (wrong, used key; declined offer). Customer and agent are separate
// browser contexts on the demo shop and the agent console, served by the real local stack.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openAgent, openCustomer, startE2E } from './support/e2e.mjs';

let env;
before(async () => { env = await startE2E(); });
after(async () => { await env?.stop(); });

const mirrorOf = (agentPage) => agentPage.frameLocator('iframe[title="Customer page"]');

async function issueVoiceKey(agentPage) {
  await agentPage.getByRole('button', { name: 'New voice call' }).click();
  await agentPage.getByRole('button', { name: 'Screen share' }).click();
  const shown = await agentPage.getByTestId('security-key').textContent();
  assert.match(shown, /^\s*\d{3} \d{3}\s*$/, 'the key reads as two groups of three digits');
  return shown.replace(/\D/g, '');
}

async function typeKey(customerPage, key) {
  const prompt = customerPage.getByRole('dialog', { name: 'Share your screen with your agent' });
  if (!(await prompt.isVisible())) await customerPage.getByRole('button', { name: 'Share my screen with an agent' }).click();
  await prompt.getByLabel('Code').fill(key);
  await prompt.getByLabel('Code').press('Enter');
  return prompt;
}

async function openMessenger(customerPage, channelLabel, name) {
  await customerPage.getByRole('button', { name: /^Chat with us/ }).click();
  await customerPage.getByRole('radio', { name: new RegExp(channelLabel) }).check();
  await customerPage.getByLabel('Your name').fill(name);
  await customerPage.getByRole('button', { name: 'Start conversation' }).click();
  await customerPage.locator('#composer-input').fill(`Hi, this is ${name}`);
  await customerPage.locator('#composer-input').press('Enter');
}

async function offerFromConsole(agentPage, customerName) {
  await agentPage.getByTestId('interaction-list').getByText(customerName).first().click();
  await agentPage.getByTestId('transcript').getByText(`Hi, this is ${customerName}`).waitFor();
  await agentPage.getByRole('button', { name: 'Offer co-browse' }).click();
}

describe('voice: security key read out by the agent, typed by the customer', () => {
  test('a wrong key is refused with a clear message, the right one starts sharing on both sides', async () => {
    const agent = await openAgent(env, 'alice');
    const customer = await openCustomer(env, '/demo/');
    try {
      const key = await issueVoiceKey(agent.page);
      const wrong = String((Number(key) + 1) % 1_000_000).padStart(6, '0');
      const prompt = await typeKey(customer.page, wrong);
      await prompt.getByText('That code is not right').waitFor();

      await typeKey(customer.page, `${key.slice(0, 3)} ${key.slice(3)}`);
      await customer.page.getByText('You are sharing this page with alice').waitFor();
      await customer.page.getByRole('button', { name: 'End' }).waitFor();

      // The agent joined by itself and mirrors the shop, view-only.
      await mirrorOf(agent.page).getByRole('heading', { name: 'Built for the long way round' }).waitFor();
      assert.equal((await agent.page.getByTestId('session-state').textContent()).trim(), 'View only');
      await agent.page.getByTestId('session-list').getByText('View only').waitFor();
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });

  test('a key already used by another customer is refused as used, and starts nothing', async () => {
    const agent = await openAgent(env, 'bob');
    const first = await openCustomer(env, '/demo/');
    const second = await openCustomer(env, '/demo/');
    try {
      const key = await issueVoiceKey(agent.page);
      await typeKey(first.page, key);
      await first.page.getByText('You are sharing this page with bob').waitFor();

      const prompt = await typeKey(second.page, key);
      await prompt.getByText('That code has expired or was already used').waitFor();
      assert.equal(await second.page.getByText('You are sharing this page').count(), 0);
    } finally {
      await Promise.all([agent.context.close(), first.context.close(), second.context.close()]);
    }
  });
});

describe('web messaging and web chat: an offer in the conversation', () => {
  test('messaging: Decline tells the agent; a second offer accepted starts sharing', async () => {
    const agent = await openAgent(env, 'carol');
    const customer = await openCustomer(env, '/demo/');
    try {
      await openMessenger(customer.page, 'Message us', 'Dana');
      await offerFromConsole(agent.page, 'Dana');
      const card = customer.page.locator('.offer-card').last();
      await card.getByText('Your agent would like to view your screen').waitFor();
      await card.getByRole('button', { name: 'Decline' }).click();
      await agent.page.getByTestId('offer-status').getByText(/declined/i).waitFor();
      assert.equal(await customer.page.getByText('You are sharing this page').count(), 0);

      await agent.page.getByRole('button', { name: 'Offer co-browse' }).click();
      const second = customer.page.locator('.offer-card').last();
      await second.getByRole('button', { name: 'Accept' }).click();
      await customer.page.getByText('You are sharing this page with carol').waitFor();
      await mirrorOf(agent.page).getByRole('heading', { name: 'Built for the long way round' }).waitFor();
      // The offer card gives way to the joined session.
      assert.equal((await agent.page.getByTestId('session-state').textContent()).trim(), 'View only');
      assert.equal(await agent.page.getByTestId('offer-status').count(), 0);
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });

  test('chat: "Start sharing" starts a web chat session', async () => {
    const agent = await openAgent(env, 'erin');
    const customer = await openCustomer(env, '/demo/cart.html');
    try {
      await openMessenger(customer.page, 'Live chat', 'Finn');
      await offerFromConsole(agent.page, 'Finn');
      const card = customer.page.locator('.offer-card').last();
      await card.getByRole('button', { name: 'Start sharing' }).click();
      await customer.page.getByText('You are sharing this page with erin').waitFor();
      await agent.page.getByTestId('session-list').getByText('Web chat').waitFor();
      await mirrorOf(agent.page).getByText('Your cart').first().waitFor();
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });
});
