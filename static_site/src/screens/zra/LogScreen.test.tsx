import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import LogScreen from './LogScreen';
import { call, lastOf, ORG, signedInToZra } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const TIMEOUT = call({ id: 'call-2', outcome: 'no_answer', http_status: null, result_code: null, result_message: 'timed out after 30 s', response: '' });

it('lists the calls to the VSDC newest first; each opens to show what was sent and what came back', async () => {
  const api = await signedInToZra({ [`GET ${ORG}/zra/log`]: { items: [TIMEOUT, call()], next_cursor: 'call-1' } });
  const screen = renderIntoDocument(<LogScreen />);
  const first = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="zra-call"] details'));

  expect(Array.from(screen.querySelectorAll('[data-testid="zra-call"] summary strong'), (name) => name.parentElement?.textContent?.split('14/03')[0])).toEqual([
    '/trnsSales/saveSales · no answer · 412 ms',
    '/trnsSales/saveSales · ZRA code 000 · 412 ms',
  ]);
  expect(first.hasAttribute('open')).toBe(false);

  click(first.querySelector('summary') as HTMLElement);

  expect(first.hasAttribute('open')).toBe(true);
  const second = screen.querySelectorAll<HTMLElement>('[data-testid="zra-call"] details')[1] as HTMLElement;
  expect(second.querySelector('[data-testid="zra-request"]')?.textContent).toBe('{"tpin":"1002345678","bhfId":"000","cisInvcNo":"INV-2026-00042"}');
  expect(second.querySelector('[data-testid="zra-response"]')?.textContent).toBe('{"resultCd":"000","resultMsg":"It is succeeded","data":{"rcptNo":17}}');
  expect(first.querySelector('[data-testid="zra-response"]')?.textContent).toBe('(nothing)');
  expect(await axeViolations(screen)).toEqual([]);

  api.on(`GET ${ORG}/zra/log`, { items: [call({ id: 'call-0', endpoint: '/initializer/selectInitInfo' })], next_cursor: null });
  click(findByText(screen, 'button', 'Next page') as HTMLElement);
  await waitFor(() => screen.querySelector('[data-testid="zra-call"] strong')?.textContent === '/initializer/selectInitInfo');
  expect(lastOf(api.calls(`GET ${ORG}/zra/log`))?.query.get('cursor')).toBe('call-1');
});

it('says so when nothing was sent yet', async () => {
  await signedInToZra({ [`GET ${ORG}/zra/log`]: { items: [], next_cursor: null } });
  const screen = renderIntoDocument(<LogScreen />);

  await waitFor(() => findByText(screen, '*', 'No calls to the VSDC yet'));
});
