import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, settle, waitFor } from '../../test/dom';
import GalleryScreen from './GalleryScreen';

afterEach(cleanup);

describe('the component gallery', () => {
  it('shows every shared component with no accessibility violations', async () => {
    const screen = renderIntoDocument(<GalleryScreen />);
    await waitFor(() => screen.querySelectorAll('tbody tr').length === 5);

    expect(await axeViolations(screen)).toEqual([]);
  });

  it('shows server field errors under their fields', async () => {
    const screen = renderIntoDocument(<GalleryScreen />);

    click(findByText(screen, 'button', 'Show errors from the server') as HTMLElement);
    await settle();

    expect(screen.querySelector('#gallery-date-error')?.textContent).toContain('March 2026 is closed');
    expect(screen.querySelector('.error-summary')?.textContent).toContain('The customer TPIN must have 10 digits.');
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('opens its sample dialog with no accessibility violations', async () => {
    const screen = renderIntoDocument(<GalleryScreen />);

    click(findByText(screen, 'button', 'Open a dialog') as HTMLElement);

    expect(screen.querySelector('[role="dialog"]')).not.toBeNull();
    expect(await axeViolations(screen)).toEqual([]);
  });
});
