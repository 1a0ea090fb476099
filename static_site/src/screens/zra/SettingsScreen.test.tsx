import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, typeInto, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import ZraSettingsScreen from './SettingsScreen';
import { device, INITIALISED, ORG, profile, signedInToZra } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const input = (id: string): HTMLInputElement => document.getElementById(id) as HTMLInputElement;
const errorOf = (id: string): string => document.getElementById(`${id}-error`)?.textContent ?? '';

async function openSettings(routes: Record<string, unknown> = {}, permissions?: readonly string[]) {
  const api = await signedInToZra(routes as Record<string, object>, permissions);
  const screen = renderIntoDocument(<ZraSettingsScreen />);
  await waitFor(() => screen.querySelector('.zra-steps, [data-testid="zra-turnover-tax"], [role="alert"], .notice'));
  return { api, screen };
}

const button = (screen: HTMLElement, label: string): HTMLElement => findByText(screen, 'button', label) as HTMLElement;

describe('the ZRA set-up, before anything is saved', () => {
  it('guides through the five steps, with the business TPIN and the head office filled in', async () => {
    const { screen } = await openSettings();

    expect(Array.from(screen.querySelectorAll('.zra-step__title'), (title) => title.textContent)).toEqual([
      'Register for Smart Invoice with ZRA',
      'Run the VSDC',
      'Save the device settings ',
      'Initialise the device ',
      'Ready: what ZRA issued',
    ]);
    expect(input('zra-tpin').value).toBe('1002345678');
    expect(input('zra-branch_id').value).toBe('000');
    expect(screen.textContent).toContain('Save the device settings first.');
    expect(button(screen, 'Initialise the device')).toBeUndefined();
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('refuses what plainly cannot be right before sending anything', async () => {
    const { api, screen } = await openSettings();

    typeInto(input('zra-vsdc_url'), 'ftp://vsdc.local');
    typeInto(input('zra-tpin'), '12345');
    typeInto(input('zra-branch_id'), '1');
    click(button(screen, 'Save settings'));

    await waitFor(() => screen.querySelector('.error-summary'));
    expect(errorOf('zra-vsdc_url')).toContain('starting with http:// or https://');
    expect(errorOf('zra-tpin')).toContain('A TPIN is 10 digits.');
    expect(errorOf('zra-branch_id')).toContain('A branch id is 3 digits');
    expect(errorOf('zra-device_serial')).toContain('Fill this in.');
    expect(api.calls(`PUT ${ORG}/zra/settings`)).toHaveLength(0);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it("puts the server's refusals on their fields, in the person's language", async () => {
    const { api, screen } = await openSettings({
      [`PUT ${ORG}/zra/settings`]: problem(422, 'tpin_not_the_business', 'The ZRA settings are not valid.', {
        errors: [
          { field: 'tpin', code: 'tpin_not_the_business', message: "This is not the business's TPIN (see its profile)." },
          { field: 'device_serial', code: 'invalid_device_serial', message: 'A device serial is …' },
        ],
      }),
    });

    typeInto(input('zra-vsdc_url'), 'http://10.0.0.5:8080/zrasandboxvsdc');
    typeInto(input('zra-tpin'), '1009999999');
    typeInto(input('zra-device_serial'), 'LUS-TRD-0001');
    click(button(screen, 'Save settings'));

    await waitFor(() => errorOf('zra-tpin') !== '');
    expect(errorOf('zra-tpin')).toContain("This is not the business's TPIN. Use the TPIN in the business profile.");
    expect(errorOf('zra-device_serial')).toContain('as ZRA issued it');
    expect(api.calls(`PUT ${ORG}/zra/settings`)[0]?.body).toEqual({
      vsdc_url: 'http://10.0.0.5:8080/zrasandboxvsdc',
      tpin: '1009999999',
      branch_id: '000',
      device_serial: 'LUS-TRD-0001',
    });
  });

  it('saves the settings, then offers to initialise with its warning', async () => {
    const { screen } = await openSettings({ [`PUT ${ORG}/zra/settings`]: device() });

    typeInto(input('zra-vsdc_url'), ' http://10.0.0.5:8080/zrasandboxvsdc ');
    typeInto(input('zra-device_serial'), 'LUS-TRD-0001');
    click(button(screen, 'Save settings'));

    await waitFor(() => button(screen, 'Initialise the device'));
    expect(screen.textContent).toContain('ZRA answers this once per device, and it can take up to two minutes.');
    expect(findByText(screen, '.zra-step__title', 'Save the device settings')?.textContent).toBe('Save the device settings ✓ Done');
  });
});

describe('initialising the device', () => {
  it("waits for ZRA, then shows the identity it issued and locks the TPIN, branch and serial", async () => {
    let answer: (response: Response) => void = () => undefined;
    const { api, screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: device(),
      [`POST ${ORG}/zra/initialise`]: () => new Promise<Response>((resolve) => (answer = resolve)),
    });

    click(button(screen, 'Initialise the device'));

    const waiting = await waitFor(() => screen.querySelector('[role="status"].notice'));
    expect(waiting.textContent).toBe('Waiting for the VSDC and ZRA. This can take up to two minutes.');
    expect((button(screen, 'Initialising…') as HTMLButtonElement).disabled).toBe(true);
    answer(new Response(JSON.stringify(INITIALISED), { status: 200, headers: { 'Content-Type': 'application/json' } }));

    const identity = await waitFor(() => screen.querySelector('[data-testid="zra-identity"]'));
    expect(Array.from(identity.querySelectorAll('div'), (fact) => fact.textContent)).toEqual([
      'SDC idSDC0010000123',
      'MRC numberWIS00000123',
      'TaxpayerLUSAKA TRADERS LTD',
      'BranchHead Office',
      'Initialised14/03/2026 10:05',
    ]);
    expect(input('zra-tpin')).toBeNull();
    expect(screen.querySelector('[data-testid="zra-locked"]')?.textContent).toBe('TPIN1002345678Branch id000Device serialLUS-TRD-0001');
    expect(api.calls(`POST ${ORG}/zra/initialise`)).toHaveLength(1);
    expect(api.calls(`POST ${ORG}/zra/initialise`)[0]?.query.get('branch_id')).toBe('000');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it("initialises the device of the branch shown, not the head office's (each branch has its own)", async () => {
    const { api, screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: device({ branch_id: '001', device_serial: 'LUS-TRD-0002' }),
      [`POST ${ORG}/zra/initialise`]: device({ branch_id: '001', initialised: true, sdc_id: 'SDC0010000124' }),
    });

    click(button(screen, 'Initialise the device'));

    await waitFor(() => api.calls(`POST ${ORG}/zra/initialise`).length === 1);
    expect(api.calls(`POST ${ORG}/zra/initialise`)[0]?.query.get('branch_id')).toBe('001');
  });

  it('says the VSDC did not answer and lets the person try again, with nothing lost', async () => {
    const { api, screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: device(),
      [`POST ${ORG}/zra/initialise`]: problem(
        503,
        'zra_vsdc_unreachable',
        'The VSDC did not answer.',
        { detail: 'Could not connect to http://10.0.0.5:8080/zrasandboxvsdc.' },
        { 'Retry-After': '30' },
      ),
    });

    click(button(screen, 'Initialise the device'));

    const alert = await waitFor(() => screen.querySelector('.zra-initialise [role="alert"]'));
    expect(alert.textContent).toContain('The VSDC did not answer.');
    expect(alert.textContent).toContain('Nothing was lost and the settings are kept.');
    expect(alert.textContent).toContain('Could not connect to http://10.0.0.5:8080/zrasandboxvsdc.');
    expect(input('zra-vsdc_url').value).toBe('http://10.0.0.5:8080/zrasandboxvsdc');
    expect(await axeViolations(screen)).toEqual([]);

    api.on(`POST ${ORG}/zra/initialise`, INITIALISED);
    click(button(screen, 'Try again'));

    await waitFor(() => screen.querySelector('[data-testid="zra-identity"]'));
    expect(api.calls(`POST ${ORG}/zra/initialise`)).toHaveLength(2);
  });

  it('after a 902, says what to ask ZRA and records the identity ZRA gave by hand', async () => {
    const { api, screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: device(),
      [`POST ${ORG}/zra/initialise`]: problem(409, 'zra_already_initialised', 'ZRA says this device was initialised already, and IntelliFin has no record of it.', {
        detail: 'Another system initialised it. Ask ZRA to reset the device, or for a new device serial for this branch.',
      }),
      [`POST ${ORG}/zra/identity`]: device({ initialised: true, sdc_id: 'SDC0010000999', mrc_no: null, initialised_at: '2026-03-14T09:00:00Z' }),
    });

    click(button(screen, 'Initialise the device'));

    const alert = await waitFor(() => screen.querySelector('.zra-initialise [role="alert"]'));
    expect(alert.textContent).toBe(
      'ZRA says this device was initialised already, and IntelliFin has no record of it.Another system initialised it. Ask ZRA to reset the device, or for a new device serial for this branch.',
    );
    expect(await axeViolations(screen)).toEqual([]);

    click(button(screen, 'Record the identity'));
    await waitFor(() => errorOf('zra-identity-sdc_id') !== '');
    expect(errorOf('zra-identity-sdc_id')).toContain('Fill this in.');
    expect(api.calls(`POST ${ORG}/zra/identity`)).toHaveLength(0);

    typeInto(input('zra-identity-sdc_id'), ' SDC0010000999 ');
    click(button(screen, 'Record the identity'));

    const identity = await waitFor(() => screen.querySelector('[data-testid="zra-identity"]'));
    expect(identity.textContent).toContain('SDC idSDC0010000999');
    expect(api.calls(`POST ${ORG}/zra/identity`)[0]?.body).toEqual({ sdc_id: 'SDC0010000999', mrc_no: null });
  });
});

describe('an initialised device', () => {
  it('lets only the VSDC address change, and sends the stored TPIN, branch and serial with it', async () => {
    const { api, screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: INITIALISED,
      [`PUT ${ORG}/zra/settings`]: { ...INITIALISED, vsdc_url: 'https://vsdc.lusaka-traders.co.zm/zrasandboxvsdc' },
    });

    expect(['zra-tpin', 'zra-branch_id', 'zra-device_serial'].map((id) => input(id))).toEqual([null, null, null]);
    expect(screen.textContent).toContain('Only the VSDC address can, if the VSDC moves to another server.');
    expect(button(screen, 'Initialise the device')).toBeUndefined();
    expect(await axeViolations(screen)).toEqual([]);

    typeInto(input('zra-vsdc_url'), 'https://vsdc.lusaka-traders.co.zm/zrasandboxvsdc');
    click(button(screen, 'Save settings'));

    await waitFor(() => api.calls(`PUT ${ORG}/zra/settings`).length === 1);
    expect(api.calls(`PUT ${ORG}/zra/settings`)[0]?.body).toEqual({
      vsdc_url: 'https://vsdc.lusaka-traders.co.zm/zrasandboxvsdc',
      tpin: '1002345678',
      branch_id: '000',
      device_serial: 'LUS-TRD-0001',
    });
  });
});

describe('a Turnover Tax business', () => {
  it('is told plainly that Smart Invoice does not apply, and asked nothing', async () => {
    const { screen } = await openSettings({ [`GET ${ORG}/profile`]: profile({ vat_registered: false, turnover_tax: true }) });

    expect(screen.querySelector('[data-testid="zra-turnover-tax"]')?.textContent).toContain('ZRA Smart Invoice does not apply to this business.');
    expect(screen.querySelector('form')).toBeNull();
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('is told so when the server refuses the settings, for someone who cannot read the profile', async () => {
    const { screen } = await openSettings(
      {
        [`PUT ${ORG}/zra/settings`]: problem(409, 'zra_not_vat_registered', 'ZRA Smart Invoice is for VAT-registered businesses.'),
      },
      ['zra:manage'],
    );

    typeInto(input('zra-vsdc_url'), 'http://10.0.0.5:8080/zrasandboxvsdc');
    typeInto(input('zra-tpin'), '1002345678');
    typeInto(input('zra-device_serial'), 'LUS-TRD-0001');
    click(button(screen, 'Save settings'));

    await waitFor(() => screen.querySelector('[data-testid="zra-turnover-tax"]'));
    expect(screen.querySelector('form')).toBeNull();
  });
});

it('says the role does not include ZRA for someone without zra:manage', async () => {
  const { api, screen } = await openSettings({}, ['invoices:read']);

  await waitFor(() => screen.querySelector('.notice'));
  expect(screen.querySelector('.notice')?.textContent).toContain('Your role in this organization does not include ZRA Smart Invoice.');
  expect(api.calls(`GET ${ORG}/zra/settings`)).toHaveLength(0);
});

describe('branches', () => {
  it('lists each branch with its own device, initialised or not', async () => {
    const { screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: INITIALISED,
      [`GET ${ORG}/zra/devices`]: {
        items: [INITIALISED, device({ branch_id: '001', branch_name: null, device_serial: 'LUS-TRD-0002' })],
      },
    });

    const branches = await waitFor(() => screen.querySelector('[data-testid="zra-branches"] .zra-facts'));
    expect(Array.from(branches.querySelectorAll('div'), (row) => row.textContent)).toEqual([
      'Branch 000 Head OfficeInitialised, SDC id SDC0010000123',
      'Branch 001Settings saved, not initialised yet',
    ]);
    expect(await axeViolations(screen)).toEqual([]);
  });
});

describe('stock', () => {
  it("shows each counted item's quantity as ZRA is told it, and a movement ZRA refused", async () => {
    const movement = {
      id: 'm1',
      sar_no: 1,
      branch_id: '000',
      sar_type: '11',
      submission_id: 's1',
      status: 'rejected',
      attempts: 1,
      last_result_code: '910',
      last_error: 'Request parameter error: itemList[0].qty',
      created_at: '2026-03-14T08:00:00Z',
      done_at: null,
    };
    const { screen } = await openSettings({
      [`GET ${ORG}/zra/settings`]: INITIALISED,
      [`GET ${ORG}/zra/stock`]: {
        items: [{ item_id: 'i1', code: 'NAIL1', name: 'Nails 1 kg', quantity_on_hand: '97.0000' }],
        movements: [movement, { ...movement, id: 'm2', sar_no: 2, status: 'pending', last_error: null }],
      },
    });

    const stock = await waitFor(() => screen.querySelector('[data-testid="zra-stock"] .zra-facts'));
    expect(stock.textContent).toBe('NAIL1 Nails 1 kg97');
    const panel = screen.querySelector('[data-testid="zra-stock"]');
    expect(panel?.textContent).toContain('1 stock movement is waiting for the VSDC; it is retried by itself.');
    expect(panel?.querySelector('[role="alert"]')?.textContent).toBe('ZRA refused 1 stock movement.Request parameter error: itemList[0].qty');
    expect(await axeViolations(screen)).toEqual([]);
  });
});
