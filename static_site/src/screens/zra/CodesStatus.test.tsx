import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import ZraSettingsScreen from './SettingsScreen';
import { INITIALISED, ORG, signedInToZra } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const SYNCED = {
  synced_at: '2026-03-14T06:00:00Z',
  code_count: 412,
  rates: { B: '16.00', A: '16.00', TL: '1.50', C1: '0.00' },
  item_classes_synced_at: '2026-03-14T06:00:01Z',
  item_class_count: 2331,
};

async function openInitialised(routes: Record<string, object> = {}) {
  const api = await signedInToZra({ [`GET ${ORG}/zra/settings`]: INITIALISED, ...routes });
  const screen = renderIntoDocument(<ZraSettingsScreen />);
  const codes = await waitFor(() => screen.querySelector<HTMLElement>('[data-testid="zra-codes"] p'));
  return { api, screen, codes };
}

it("says ZRA's codes are not fetched yet, fetches them on demand, and shows their tax rates", async () => {
  const { api, screen, codes } = await openInitialised({ [`POST ${ORG}/zra/codes/sync`]: SYNCED });

  expect(codes.textContent).toBe('Not fetched yet: the first invoice sent to ZRA fetches them. They are refreshed every night.');
  expect(screen.querySelector('[data-testid="zra-item-classes"]')?.textContent).toBe("ZRA's item classifications are not fetched yet; they come with the codes.");
  expect(await axeViolations(screen)).toEqual([]);

  click(findByText(screen, 'button', 'Fetch the codes now') as HTMLElement);

  await waitFor(() => screen.querySelector('[data-testid="zra-codes"] .zra-facts'));
  expect(screen.querySelector('[data-testid="zra-codes"] p')?.textContent).toBe('Last fetched 14/03/2026 08:00. 412 codes held; they are refreshed every night.');
  expect(Array.from(screen.querySelectorAll('[data-testid="zra-codes"] .zra-facts > div'), (rate) => rate.textContent)).toEqual([
    'Rate A16%',
    'Rate B16%',
    'Rate C10%',
    'Rate TL1.5%',
  ]);
  expect(screen.querySelector('[data-testid="zra-item-classes"]')?.textContent).toBe(
    '2,331 item classifications held: an item is checked against them before ZRA is asked.',
  );
  expect(api.calls(`POST ${ORG}/zra/codes/sync`)).toHaveLength(1);
});

it('keeps the codes held when the VSDC does not answer, and says so', async () => {
  const { screen } = await openInitialised({
    [`GET ${ORG}/zra/codes`]: SYNCED,
    [`POST ${ORG}/zra/codes/sync`]: problem(503, 'zra_vsdc_unreachable', 'The VSDC did not answer.', {}, { 'Retry-After': '30' }),
  });

  click(findByText(screen, 'button', 'Fetch the codes now') as HTMLElement);

  const alert = await waitFor(() => screen.querySelector('[data-testid="zra-codes"] [role="alert"]'));
  expect(alert.textContent).toContain('The codes already held are kept');
  expect(screen.querySelector('[data-testid="zra-codes"] p')?.textContent).toContain('Last fetched 14/03/2026 08:00.');
});
