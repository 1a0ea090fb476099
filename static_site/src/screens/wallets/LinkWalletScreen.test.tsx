import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import LinkWalletScreen, { msisdnError } from './LinkWalletScreen';
import { ORG, signedInToWallets, wallet } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
  history.replaceState(null, '', '/');
});

function fill(screen: HTMLElement, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    typeInto(screen.querySelector<HTMLInputElement>(`#wallet-${name}`) as HTMLInputElement, value);
  }
}

function submit(screen: HTMLElement): void {
  (screen.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

it('explains how to get Airtel Open API keys, then links the wallet with the environment and merchant number chosen', async () => {
  const api = await signedInToWallets({ [`POST ${ORG}/wallets`]: wallet() });
  const screen = renderIntoDocument(<LinkWalletScreen />);
  await waitFor(() => screen.querySelector('#wallet-name'));

  expect(findByText(screen, 'li', 'Transactions Summary APIs')).toBeDefined();
  expect(findByText(screen, 'a', 'Airtel Zambia developer portal')?.getAttribute('href')).toBe('https://developers.airtel.co.zm/');
  expect(findByText(screen, 'li', 'Key management')).toBeDefined();
  expect(Array.from(screen.querySelectorAll('#wallet-environment option'), (option) => option.textContent)).toEqual([
    'Airtel Zambia (live)',
    'Airtel Zambia test (UAT)',
    'Airtel Africa (live)',
    'Airtel Africa test (UAT)',
    'Another address',
  ]);
  expect(screen.querySelector('#wallet-client_secret')?.getAttribute('type')).toBe('password');
  expect(await axeViolations(screen)).toEqual([]);

  fill(screen, { name: 'Main till', environment: 'uat', msisdn: '0971234567', client_id: 'client-1', client_secret: 's3cret' });
  submit(screen);

  await waitFor(() => location.pathname === `/wallets/${wallet().id}`);
  expect(api.calls(`POST ${ORG}/wallets`)[0]?.body).toEqual({
    name: 'Main till',
    environment: 'uat',
    base_url: null,
    msisdn: '0971234567',
    client_id: 'client-1',
    client_secret: 's3cret',
  });
});

it('checks the fields on the phone first, and shows what Airtel said of refused credentials', async () => {
  const api = await signedInToWallets({
    [`POST ${ORG}/wallets`]: problem(422, 'airtel_credentials_refused', 'Airtel refused these credentials.', {
      detail: 'Airtel answered invalid_client: Client authentication failed. Check the client id and secret.',
    }),
  });
  const screen = renderIntoDocument(<LinkWalletScreen />);
  await waitFor(() => screen.querySelector('#wallet-name'));

  fill(screen, { msisdn: '0961234567' });
  submit(screen);
  await waitFor(() => findByText(screen, 'a', 'Enter a name for the wallet.'));
  expect(findByText(screen, 'a', 'This is not an Airtel Zambia number')).toBeDefined();
  expect(api.calls(`POST ${ORG}/wallets`)).toHaveLength(0);

  fill(screen, { name: 'Main till', msisdn: '0971234567', client_id: 'client-1', client_secret: 'wrong' });
  submit(screen);
  await waitFor(() => findByText(screen, '*', 'invalid_client'));
  expect(location.pathname).not.toContain('/wallets/');
  expect(await axeViolations(screen)).toEqual([]);
});

it('knows an Airtel Zambia number', () => {
  expect(['0971234567', '260771234567', '+260 97 123 4567'].map(msisdnError)).toEqual([null, null, null]);
  expect(msisdnError('0961234567')).toContain('not an Airtel Zambia number');
  expect(msisdnError(' ')).toBe('Enter the Airtel number of the wallet.');
});
