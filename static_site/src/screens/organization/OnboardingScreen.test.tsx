import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiNetworkError, ApiProblem } from '../../api/client';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, leave, renderIntoDocument, settle, typeInto, waitFor } from '../../test/dom';
import { freshIndexedDb } from '../../test/indexedDb';
import type { OnboardingStatus } from '../../api/organizations';
import { loadDraft, saveDraft, emptyDraft } from './draft';
import OnboardingScreen from './OnboardingScreen';
import { toProfileBody } from './rules';
import type { OrgSession } from './sessionAdapter';
import { CHANDA } from './testing';

const api = vi.hoisted(() => ({
  startOnboarding: vi.fn(),
  onboardingStatus: vi.fn(),
  uploadLogo: vi.fn(),
}));

vi.mock('../../api/organizations', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../api/organizations')>()), ...api }));

const session = vi.hoisted(() => ({
  current: null as unknown as OrgSession,
}));

vi.mock('./sessionAdapter', () => ({ useOrgSession: () => session.current }));

const ORG_ID = '0b7c1e0e-8d1c-4a52-9a55-2f4f3f0c9a11';

function status(overrides: Partial<OnboardingStatus>): OnboardingStatus {
  return {
    instance_id: 'onboarding-1',
    status: 'running',
    steps_done: [],
    current_step: 'create_organization',
    organization_id: null,
    error: null,
    ...overrides,
  };
}

const COMPLETED = status({
  status: 'completed',
  steps_done: ['create_organization', 'provision_schema', 'seed_chart', 'default_settings', 'owner_membership', 'welcome_email'],
  current_step: null,
  organization_id: ORG_ID,
});

let online = true;

beforeEach(async () => {
  await freshIndexedDb();
  localStorage.clear();
  Object.values(api).forEach((mock) => mock.mockReset());
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
  window.history.replaceState(null, '', '/organizations/new');
  session.current = {
    userId: 'user-1',
    organizations: [],
    currentOrganization: null,
    can: () => false,
    switchOrganization: vi.fn(),
    refreshMe: vi.fn(async () => undefined),
  };
  api.startOnboarding.mockResolvedValue({ instance_id: 'onboarding-1', status_url: '/api/v1/onboarding/onboarding-1' });
  api.onboardingStatus.mockResolvedValue(COMPLETED);
  api.uploadLogo.mockResolvedValue(undefined);
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const input = (name: string): HTMLInputElement => {
  const element = document.getElementById(`org-new-${name}`);
  if (element === null) {
    throw new Error(`no field ${name}: ${document.body.innerHTML}`);
  }
  return element as HTMLInputElement;
};

const button = (root: HTMLElement, text: string): HTMLButtonElement => {
  const found = findByText(root, 'button', text);
  if (found === undefined) {
    throw new Error(`no button "${text}": ${root.innerHTML}`);
  }
  return found as HTMLButtonElement;
};

const stepTitle = (root: HTMLElement): string => root.querySelector('.org-wizard__step')?.textContent ?? '';

async function open(): Promise<HTMLElement> {
  const screen = renderIntoDocument(<OnboardingScreen />);
  await waitFor(() => screen.querySelector('.org-wizard__step'));
  return screen;
}

function fill(name: string, value: string): void {
  const element = input(name);
  typeInto(element, value);
  leave(element);
}

async function answerBusiness(root: HTMLElement): Promise<void> {
  fill('legal_name', CHANDA.legal_name);
  fill('trading_name', CHANDA.trading_name);
  typeInto(input('business_type') as unknown as HTMLSelectElement, CHANDA.business_type);
  click(button(root, 'Save and continue'));
  await waitFor(() => stepTitle(root).includes('Tax registration'));
}

async function answerTax(root: HTMLElement): Promise<void> {
  fill('tpin', CHANDA.tpin);
  fill('pacra_number', CHANDA.pacra_number);
  click(input('vat_registered'));
  await waitFor(() => document.getElementById('org-new-vat_effective_date'));
  fill('vat_effective_date', CHANDA.vat_effective_date);
  click(input('turnover_tax-no'));
  click(button(root, 'Save and continue'));
  await waitFor(() => stepTitle(root).includes('Contact details'));
}

async function answerContact(root: HTMLElement): Promise<void> {
  fill('physical_line1', CHANDA.physical_line1);
  fill('physical_town', CHANDA.physical_town);
  typeInto(input('physical_province') as unknown as HTMLSelectElement, CHANDA.physical_province);
  fill('physical_postal_code', CHANDA.physical_postal_code);
  fill('phone', CHANDA.phone);
  fill('email', CHANDA.email);
  click(button(root, 'Save and continue'));
  await waitFor(() => stepTitle(root).includes('Fiscal year and logo'));
}

async function toReview(root: HTMLElement): Promise<void> {
  await answerBusiness(root);
  await answerTax(root);
  await answerContact(root);
  click(button(root, 'Save and continue'));
  await waitFor(() => stepTitle(root).includes('Check and create'));
}

describe('the onboarding wizard', () => {
  it('checks each step before moving on, and says what is wrong in words, linked to each field', async () => {
    const screen = await open();
    expect(stepTitle(screen)).toBe('Step 1 of 5: Business information');

    click(button(screen, 'Save and continue'));

    const summary = await waitFor(() => screen.querySelector<HTMLElement>('.error-summary'));
    expect(document.activeElement).toBe(summary);
    expect(Array.from(summary.querySelectorAll('a'), (link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['#org-new-legal_name', 'Legal name: Fill this in.'],
      ['#org-new-business_type', 'Business type: Choose the business type.'],
    ]);
    expect(input('legal_name').getAttribute('aria-invalid')).toBe('true');
    expect(stepTitle(screen)).toContain('Business information');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('checks a field when it is left: a TPIN with letters, a phone that is not Zambian', async () => {
    const screen = await open();
    await answerBusiness(screen);

    fill('tpin', '10023456AB');
    expect(screen.querySelector('#org-new-tpin-error')?.textContent).toContain('A TPIN is 10 digits');
    typeInto(input('tpin'), '1002345678');
    expect(screen.querySelector('#org-new-tpin-error')).toBeNull();

    click(input('vat_registered'));
    click(button(screen, 'Save and continue'));
    await waitFor(() => screen.querySelector('.error-summary'));
    expect(screen.querySelector('.error-summary')?.textContent).toContain('Enter the date the VAT registration took effect.');
    expect(screen.querySelector('.error-summary')?.textContent).toContain('Choose yes or no.');
    expect(screen.textContent).toContain('between K800,000 and K5,000,000 can be on both');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('normalises the phone number as the API will store it', async () => {
    const screen = await open();
    await answerBusiness(screen);
    await answerTax(screen);

    fill('phone', '0977123456');

    expect(input('phone').value).toBe('+260 97 712 3456');
    fill('phone', '+27 82 123 4567');
    expect(screen.querySelector('#org-new-phone-error')?.textContent).toContain('Enter a Zambian phone number');
  });

  it('goes through every step to the review, creates the organization, follows the run and opens it', async () => {
    api.onboardingStatus.mockResolvedValueOnce(status({ steps_done: ['create_organization'], current_step: 'provision_schema' }));
    const screen = await open();
    await toReview(screen);

    expect(screen.textContent).toContain('Chanda Hardware Limited');
    expect(screen.textContent).toContain('+260 97 712 3456');
    expect(screen.textContent).toContain('Accounts set up forVAT');
    expect(await axeViolations(screen)).toEqual([]);

    click(button(screen, 'Create organization'));

    await waitFor(() => window.location.pathname === '/');
    expect(api.startOnboarding).toHaveBeenCalledTimes(1);
    expect(api.startOnboarding.mock.calls[0]?.[0]).toEqual(toProfileBody(CHANDA));
    expect(api.startOnboarding.mock.calls[0]?.[1]).toMatch(/.{8,}/);
    expect(api.onboardingStatus).toHaveBeenCalledWith('onboarding-1', expect.any(AbortSignal));
    expect(session.current.refreshMe).toHaveBeenCalled();
    expect(session.current.switchOrganization).toHaveBeenCalledWith(ORG_ID);
    expect(api.uploadLogo).not.toHaveBeenCalled();
    expect(await loadDraft('user-1')).toBeUndefined();
  });

  it('uploads the logo once the organization exists', async () => {
    const screen = await open();
    await answerBusiness(screen);
    await answerTax(screen);
    await answerContact(screen);
    const logo = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' });
    const picker = screen.querySelector<HTMLInputElement>('input[type=file]:not([capture])');
    Object.defineProperty(picker, 'files', { value: [logo], configurable: true });
    picker?.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => findByText(screen, '.file-upload__name', 'logo.png'));
    click(button(screen, 'Save and continue'));
    await waitFor(() => stepTitle(screen).includes('Check and create'));
    expect(screen.textContent).toContain('logo.png');

    click(button(screen, 'Create organization'));

    await waitFor(() => window.location.pathname === '/');
    expect(api.uploadLogo).toHaveBeenCalledWith(ORG_ID, expect.any(File), 'logo.png');
    expect(api.startOnboarding).toHaveBeenCalledTimes(1);
  });

  it('saves the draft on the phone and resumes it at the same step after a reload', async () => {
    const first = await open();
    await answerBusiness(first);
    fill('tpin', '1002345678');
    await waitFor(async () => (await loadDraft('user-1'))?.values.tpin === '1002345678', 3000);
    cleanup();

    const again = await open();

    expect(window.location.search).toBe('?step=tax');
    expect(stepTitle(again)).toContain('Tax registration');
    expect(input('tpin').value).toBe('1002345678');
    click(findByText(again, '.org-steps a', 'Business information') as HTMLElement);
    await waitFor(() => stepTitle(again).includes('Business information'));
    expect(input('legal_name').value).toBe('Chanda  Hardware Limited');
  });

  it('keeps what was typed just before the page went away', async () => {
    const first = await open();
    typeInto(input('legal_name'), 'Mwila Farm Supplies');
    window.dispatchEvent(new Event('pagehide'));
    cleanup();
    await freshIndexedDb(); // as if the IndexedDB write never finished

    const again = await open();

    expect(first).not.toBe(again);
    expect(input('legal_name').value).toBe('Mwila Farm Supplies');
    expect(localStorage.getItem('intellifin.organizationDraftStash:user-1')).toBeNull();
  });

  it('keeps one draft per person', async () => {
    await saveDraft('someone-else', { ...emptyDraft(), values: { ...CHANDA, legal_name: 'Mwila Farm' } });

    await open();

    expect(input('legal_name').value).toBe('');
  });

  it('puts the server’s refusals on the step and field they concern', async () => {
    api.startOnboarding.mockRejectedValueOnce(
      new ApiProblem({
        type: 'about:blank',
        status: 422,
        code: 'validation_failed',
        title: 'The request is not valid.',
        detail: null,
        errors: [
          { field: 'physical_address.province', code: 'enum', message: "Input should be 'central', …" },
          { field: 'phone', code: 'value_error', message: 'Value error, enter a Zambian phone number' },
          { field: 'email', code: 'value_error', message: 'value is not a valid email address' },
        ],
      }),
    );
    const screen = await open();
    await toReview(screen);

    click(button(screen, 'Create organization'));

    await waitFor(() => stepTitle(screen).includes('Contact details'));
    const summary = await waitFor(() => screen.querySelector<HTMLElement>('.error-summary'));
    expect(document.activeElement).toBe(summary);
    expect(Array.from(summary.querySelectorAll('a'), (link) => link.getAttribute('href'))).toEqual([
      '#org-new-physical_province',
      '#org-new-phone',
      '#org-new-email',
    ]);
    expect(screen.querySelector('#org-new-physical_province-error')?.textContent).toContain('Choose the province.');
    expect(screen.querySelector('#org-new-email-error')?.textContent).toContain('Enter an e-mail address');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows a refusal that names no field on the review step', async () => {
    api.startOnboarding.mockRejectedValueOnce(
      new ApiProblem({ type: 'about:blank', status: 429, code: 'rate_limited', title: 'Too many requests.', detail: 'Try again in a minute.', errors: [] }),
    );
    const screen = await open();
    await toReview(screen);

    click(button(screen, 'Create organization'));

    await waitFor(() => findByText(screen, '.notice--error', 'Too many requests.'));
    expect(stepTitle(screen)).toContain('Check and create');
  });

  it('works offline on the draft and creates the organization when the connection returns', async () => {
    online = false;
    const screen = await open();
    expect(screen.textContent).toContain('You are offline. You can keep filling in');
    await toReview(screen);

    click(button(screen, 'Create organization'));

    await waitFor(() => findByText(screen, '.notice', 'Waiting for a connection'));
    expect(api.startOnboarding).not.toHaveBeenCalled();
    expect(button(screen, 'Create organization').disabled).toBe(true);
    expect(await axeViolations(screen)).toEqual([]);

    online = true;
    window.dispatchEvent(new Event('online'));

    await waitFor(() => window.location.pathname === '/');
    expect(api.startOnboarding).toHaveBeenCalledTimes(1);
  });

  it('waits for the connection when sending fails because the phone went offline', async () => {
    api.startOnboarding.mockImplementationOnce(async () => {
      online = false;
      throw new ApiNetworkError();
    });
    const screen = await open();
    await toReview(screen);

    click(button(screen, 'Create organization'));

    await waitFor(() => findByText(screen, '.notice', 'Waiting for a connection'));
  });

  it('says when the run failed, and tries again with the same answers', async () => {
    api.onboardingStatus.mockResolvedValueOnce(status({ status: 'failed', steps_done: ['create_organization'], current_step: null, error: 'Setting up the organization failed; nothing was kept. Please try again.' }));
    const screen = await open();
    await toReview(screen);
    click(button(screen, 'Create organization'));

    await waitFor(() => findByText(screen, '.notice--error', 'Setting up the organization failed.'));
    expect(await axeViolations(screen)).toEqual([]);
    const firstKey = api.startOnboarding.mock.calls[0]?.[1];

    click(button(screen, 'Try again'));

    await waitFor(() => window.location.pathname === '/');
    expect(api.startOnboarding).toHaveBeenCalledTimes(2);
    expect(api.startOnboarding.mock.calls[1]?.[0]).toEqual(api.startOnboarding.mock.calls[0]?.[0]);
    expect(api.startOnboarding.mock.calls[1]?.[1]).not.toBe(firstKey);
  });

  it('goes back to the answers from a failed run', async () => {
    api.onboardingStatus.mockResolvedValueOnce(status({ status: 'failed', current_step: null }));
    const screen = await open();
    await toReview(screen);
    click(button(screen, 'Create organization'));
    await waitFor(() => findByText(screen, 'button', 'Change my answers'));

    click(button(screen, 'Change my answers'));

    await waitFor(() => stepTitle(screen).includes('Check and create'));
    expect((await loadDraft('user-1'))?.run).toBeNull();
  });

  it('follows a run already started after a reload instead of starting another', async () => {
    await saveDraft('user-1', { ...emptyDraft(), step: 'review', values: CHANDA, run: { instanceId: 'onboarding-7', startedAt: 1 } });
    api.onboardingStatus.mockResolvedValueOnce(status({ instance_id: 'onboarding-7', steps_done: ['create_organization'], current_step: 'provision_schema' }));

    const screen = renderIntoDocument(<OnboardingScreen />);

    await waitFor(() => findByText(screen, 'h1', 'Setting up Chanda Hardware'));
    await waitFor(() => window.location.pathname === '/', 5000);
    expect(api.onboardingStatus).toHaveBeenCalledWith('onboarding-7', expect.any(AbortSignal));
    expect(api.startOnboarding).not.toHaveBeenCalled();
  });
});

describe('the wizard’s steps in the address', () => {
  it('names the step, so the back button goes back a step', async () => {
    const screen = await open();
    expect(window.location.search).toBe('?step=business');
    await answerBusiness(screen);
    expect(window.location.search).toBe('?step=tax');

    window.history.back();
    await waitFor(() => stepTitle(screen).includes('Business information'));
    await settle();
  });
});
