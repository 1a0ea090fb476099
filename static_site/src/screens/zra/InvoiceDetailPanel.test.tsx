import { afterEach, expect, it } from 'vitest';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { resetSession } from '../../test/fakeApi';
import InvoiceDetailScreen from '../invoices/InvoiceDetailScreen';
import { ALL_INVOICING, invoice, ORG, signedInToInvoices } from '../invoices/testing';
import { FISCALISED, REJECTED } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

const HISTORY = { items: [] };

it("shows the invoice page's ZRA panel with ZRA's receipt", async () => {
  const shown = invoice({ fiscal: FISCALISED });
  await signedInToInvoices({
    [`GET ${ORG}/invoices/inv-1`]: shown,
    [`GET ${ORG}/invoices/inv-1/history`]: HISTORY,
    [`GET ${ORG}/invoices/inv-1/emails`]: { items: [] },
    [`GET ${ORG}/credit-notes`]: { items: [], next_cursor: null },
  });

  const screen = renderIntoDocument(<InvoiceDetailScreen params={{ invoiceId: 'inv-1' }} />);

  const panel = await waitFor(() => screen.querySelector('.zra-panel'));
  expect(panel.querySelector('[data-testid="zra-receipt-number"]')?.textContent).toBe('17');
  expect(await axeViolations(screen)).toEqual([]);
});

it('sends a refused invoice again from its page, and shows it waiting for ZRA', async () => {
  const api = await signedInToInvoices(
    {
      [`GET ${ORG}/invoices/inv-1`]: invoice({ fiscal: REJECTED }),
      [`GET ${ORG}/invoices/inv-1/history`]: HISTORY,
      [`GET ${ORG}/invoices/inv-1/emails`]: { items: [] },
      [`GET ${ORG}/credit-notes`]: { items: [], next_cursor: null },
      [`POST ${ORG}/invoices/inv-1/fiscalise`]: invoice({ fiscal: { status: 'pending', attempts: 0 } }),
    },
    [...ALL_INVOICING, 'zra:manage'],
  );
  const screen = renderIntoDocument(<InvoiceDetailScreen params={{ invoiceId: 'inv-1' }} />);
  await waitFor(() => screen.querySelector('.zra-panel'));
  api.on(`GET ${ORG}/invoices/inv-1`, invoice({ fiscal: { status: 'pending', attempts: 0 } }));

  click(findByText(screen, '.zra-panel button', 'Send to ZRA again') as HTMLElement);

  await waitFor(() => screen.querySelector('.zra-panel .zra-badge')?.textContent === 'Waiting for ZRA');
  expect(api.calls(`POST ${ORG}/invoices/inv-1/fiscalise`)).toHaveLength(1);
});
