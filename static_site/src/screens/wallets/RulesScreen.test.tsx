import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import RulesScreen from './RulesScreen';
import { FUEL, ORG, rule, signedInToWallets } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

it('lists the rules with their account and conditions; a new one is saved and a rule deleted', async () => {
  const api = await signedInToWallets({
    [`GET ${ORG}/categorisation-rules`]: { items: [rule()] },
    [`POST ${ORG}/categorisation-rules`]: rule({ id: 'rule-2', name: 'Puma fuel' }),
    [`DELETE ${ORG}/categorisation-rules/rule-1`]: new Response(null, { status: 204 }),
  });
  const screen = renderIntoDocument(<RulesScreen />);
  const row = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="rule"]'));

  expect(row.textContent).toContain('ZESCO → 6100 Fuel and transport');
  expect(row.textContent).toContain('Money out · mentions "ZESCO"');
  expect(await axeViolations(screen)).toEqual([]);

  typeInto(screen.querySelector('#rule-name') as HTMLInputElement, 'Puma fuel');
  typeInto(screen.querySelector('#rule-account_id') as HTMLSelectElement, FUEL);
  typeInto(screen.querySelector('#rule-counterparty') as HTMLInputElement, 'Puma Cairo Road');
  click(findByText(screen, 'button', 'Save the rule') as HTMLElement);
  await waitFor(() => api.calls(`POST ${ORG}/categorisation-rules`).length === 1);
  expect(api.calls(`POST ${ORG}/categorisation-rules`)[0]?.body).toEqual({
    name: 'Puma fuel',
    account_id: FUEL,
    direction: null,
    counterparty: 'Puma Cairo Road',
    text_contains: null,
    priority: 100,
  });

  click(screen.querySelector('[aria-label="Delete the rule ZESCO"]') as HTMLElement);
  await waitFor(() => api.calls(`DELETE ${ORG}/categorisation-rules/rule-1`).length === 1);
});

it('asks for a name and an account before saving', async () => {
  const api = await signedInToWallets({ [`GET ${ORG}/categorisation-rules`]: { items: [] } });
  const screen = renderIntoDocument(<RulesScreen />);
  await waitFor(() => findByText(screen, '*', 'No rules yet'));

  click(findByText(screen, 'button', 'Save the rule') as HTMLElement);
  await waitFor(() => findByText(screen, 'a', 'Enter a name for the rule.'));
  expect(findByText(screen, 'a', 'Choose an account.')).toBeDefined();
  expect(api.calls(`POST ${ORG}/categorisation-rules`)).toHaveLength(0);
});
