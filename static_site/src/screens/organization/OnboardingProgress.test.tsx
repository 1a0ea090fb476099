import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiNetworkError, ApiProblem } from '../../api/client';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import type { OnboardingStatus } from '../../api/organizations';
import { OnboardingProgress, pollDelayMs, retryDelayMs } from './OnboardingProgress';

const api = vi.hoisted(() => ({ onboardingStatus: vi.fn() }));
vi.mock('../../api/organizations', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../api/organizations')>()), ...api }));

const STEPS = ['create_organization', 'provision_schema', 'seed_chart', 'default_settings', 'owner_membership', 'welcome_email'];

function status(done: number, overrides: Partial<OnboardingStatus> = {}): OnboardingStatus {
  return {
    instance_id: 'onboarding-1',
    status: done === STEPS.length ? 'completed' : 'running',
    steps_done: STEPS.slice(0, done),
    current_step: done === STEPS.length ? null : (STEPS[done] ?? null),
    organization_id: done === STEPS.length ? 'org-1' : null,
    error: null,
    ...overrides,
  };
}

let online = true;
const handlers = { onCompleted: vi.fn(), onRetry: vi.fn(), onEdit: vi.fn() };

beforeEach(() => {
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
  api.onboardingStatus.mockReset();
  Object.values(handlers).forEach((mock) => mock.mockReset());
});

afterEach(cleanup);

function show(): HTMLElement {
  return renderIntoDocument(
    <OnboardingProgress instanceId="onboarding-1" name="Chanda Hardware" {...handlers} pollDelay={() => 5} retryDelay={() => 5} />,
  );
}

const states = (root: HTMLElement): string[] =>
  Array.from(root.querySelectorAll('.org-progress__step'), (item) => item.querySelector('.org-progress__state')?.textContent ?? '');

describe('following an onboarding run', () => {
  it('polls until the run completes, showing each step in words, then opens the organization', async () => {
    api.onboardingStatus
      .mockResolvedValueOnce(status(0))
      .mockResolvedValueOnce(status(2))
      .mockResolvedValueOnce(status(6));
    const screen = show();

    await waitFor(() => states(screen)[2] === 'In progress');
    expect(states(screen)).toEqual(['Done', 'Done', 'In progress', 'Waiting', 'Waiting', 'Waiting']);
    expect(screen.querySelector('[aria-current="step"]')?.textContent).toContain('Set up the chart of accounts');
    expect(screen.querySelector('[role="status"]')?.textContent).toBe('2 of 6 steps done.');
    expect(screen.querySelector('progress')?.getAttribute('value')).toBe('2');
    expect(await axeViolations(screen)).toEqual([]);

    await waitFor(() => handlers.onCompleted.mock.calls.length > 0);
    expect(handlers.onCompleted).toHaveBeenCalledWith('org-1');
    expect(handlers.onCompleted).toHaveBeenCalledTimes(1);
    expect(states(screen)).toEqual(Array(6).fill('Done'));
    expect(api.onboardingStatus).toHaveBeenCalledTimes(3);
  });

  it('keeps polling through a lost answer, and says so', async () => {
    api.onboardingStatus.mockRejectedValueOnce(new ApiNetworkError()).mockResolvedValueOnce(status(1)).mockResolvedValueOnce(status(6));
    const screen = show();

    await waitFor(() => handlers.onCompleted.mock.calls.length > 0);
    expect(api.onboardingStatus).toHaveBeenCalledTimes(3);
    expect(screen.textContent).not.toContain('could not be reached');
  });

  it('pauses while offline and carries on when the connection returns', async () => {
    online = false;
    api.onboardingStatus.mockResolvedValue(status(6));
    const screen = show();

    await waitFor(() => findByText(screen, '.notice', 'You are offline.'));
    expect(api.onboardingStatus).not.toHaveBeenCalled();
    expect(await axeViolations(screen)).toEqual([]);

    online = true;
    window.dispatchEvent(new Event('online'));

    await waitFor(() => handlers.onCompleted.mock.calls.length > 0);
    expect(api.onboardingStatus).toHaveBeenCalledTimes(1);
  });

  it('says when the run failed and offers to try again or change the answers', async () => {
    api.onboardingStatus.mockResolvedValueOnce(status(3, { status: 'failed', current_step: null, error: 'Setting up the organization failed; nothing was kept.' }));
    const screen = show();

    await waitFor(() => findByText(screen, '[role="alert"]', 'Setting up the organization failed.'));
    expect(states(screen)).toEqual(['Done', 'Done', 'Done', 'Waiting', 'Waiting', 'Waiting']);
    expect(await axeViolations(screen)).toEqual([]);
    click(findByText(screen, 'button', 'Try again') as HTMLElement);
    click(findByText(screen, 'button', 'Change my answers') as HTMLElement);
    expect(handlers.onRetry).toHaveBeenCalledTimes(1);
    expect(handlers.onEdit).toHaveBeenCalledTimes(1);
    expect(handlers.onCompleted).not.toHaveBeenCalled();
  });

  it('stops at a refusal that polling again would not change', async () => {
    api.onboardingStatus.mockRejectedValueOnce(
      new ApiProblem({ type: 'about:blank', status: 404, code: 'onboarding_not_found', title: 'The onboarding was not found.', detail: null }),
    );
    const screen = show();

    await waitFor(() => findByText(screen, '[role="alert"]', 'The onboarding was not found.'));
    expect(findByText(screen, 'button', 'Try again')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(api.onboardingStatus).toHaveBeenCalledTimes(1);
  });

  it('polls often at first, then sparingly; backs off after failures', () => {
    expect([1, 9, 10, 29, 30, 100].map(pollDelayMs)).toEqual([1000, 1000, 2000, 2000, 5000, 5000]);
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([2000, 4000, 8000, 16000, 30000]);
  });
});
