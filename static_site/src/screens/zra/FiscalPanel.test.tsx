import { afterEach, describe, expect, it } from 'vitest';
import type { Fiscal } from '../../api/zra';
import { axeViolations } from '../../test/axe';
import { cleanup, click, findByText, renderIntoDocument, waitFor } from '../../test/dom';
import { problem, resetSession } from '../../test/fakeApi';
import { FiscalPanel } from './FiscalPanel';
import { FISCALISED, ORG, ORG_ID, REJECTED, signedInToZra } from './testing';

afterEach(() => {
  cleanup();
  resetSession();
});

async function showPanel(fiscal: Fiscal, permissions?: readonly string[], routes: Record<string, object> = {}) {
  const api = await signedInToZra(routes, permissions);
  let requeued = 0;
  const screen = renderIntoDocument(<FiscalPanel orgId={ORG_ID} invoiceId="inv-1" fiscal={fiscal} onRequeued={() => (requeued += 1)} />);
  return { api, screen, requeued: () => requeued };
}

const facts = (screen: HTMLElement): string[] => Array.from(screen.querySelectorAll('.zra-facts > div'), (fact) => fact.textContent ?? '');

describe("an invoice's ZRA panel", () => {
  it("shows ZRA's receipt once the invoice is fiscalised, with the QR address as a link", async () => {
    const { screen } = await showPanel(FISCALISED);

    expect(screen.querySelector('h2')?.textContent).toBe('ZRA Smart Invoice Fiscalised');
    expect(facts(screen)).toEqual([
      'ZRA receipt number17',
      'SDC idSDC0010000123',
      'MRC numberWIS00000123',
      'Signed by ZRA14/03/2026 10:30:05',
      'Internal dataABCDEFGHIJKLMNOPQRSTUVWXYZ',
      'Receipt signatureWXYZ1234ABCD5678',
    ]);
    const link = findByText(screen, 'a', "Check it on ZRA's portal") as HTMLAnchorElement;
    expect(link.href).toBe(FISCALISED.qr_url);
    expect(link.rel).toBe('noopener noreferrer');
    expect(screen.querySelector('button')).toBeNull();
    expect(await axeViolations(screen)).toEqual([]);
  });

  it('says it is waiting for ZRA while pending, with nothing to do', async () => {
    const { screen } = await showPanel({ status: 'pending', attempts: 0 });

    expect(screen.querySelector('.zra-badge')?.textContent).toBe('Waiting for ZRA');
    expect(screen.querySelector('.zra-panel__waiting')?.textContent).toBe(
      'Waiting for ZRA. IntelliFin sends the invoice by itself and keeps trying until ZRA answers; nothing needs to be done.',
    );
    expect(screen.querySelector('button')).toBeNull();
  });

  it('says how many attempts were made and why the last got no receipt while retrying', async () => {
    const { screen } = await showPanel({ status: 'retrying', attempts: 3, last_result_code: null, last_error: 'The VSDC did not answer within 30 seconds' });

    expect(screen.querySelector('.zra-badge')?.textContent).toBe('Retrying');
    expect(Array.from(screen.querySelectorAll('.zra-panel__waiting .muted'), (line) => line.textContent)).toEqual([
      '3 attempts so far.',
      'Last attempt: The VSDC did not answer within 30 seconds',
    ]);
    expect(await axeViolations(screen)).toEqual([]);
  });

  it("shows ZRA's words when refused, and sends it again for a ZRA manager", async () => {
    const { api, screen, requeued } = await showPanel(REJECTED, undefined, { [`POST ${ORG}/invoices/inv-1/fiscalise`]: {} });

    expect(screen.querySelector('.zra-badge')?.textContent).toBe('Refused by ZRA');
    expect(screen.querySelector('.zra-words')?.textContent).toBe('Registering item CEM50: item class 99999999 does not exist (ZRA code 910)');
    expect(await axeViolations(screen)).toEqual([]);

    click(findByText(screen, 'button', 'Send to ZRA again') as HTMLElement);

    await waitFor(() => requeued() === 1);
    expect(api.calls(`POST ${ORG}/invoices/inv-1/fiscalise`)).toHaveLength(1);
  });

  it('says why a retry was refused, and stays as it was', async () => {
    const { screen, requeued } = await showPanel(REJECTED, undefined, {
      [`POST ${ORG}/invoices/inv-1/fiscalise`]: problem(409, 'zra_not_rejected', 'Only a document ZRA refused can be retried.'),
    });

    click(findByText(screen, 'button', 'Send to ZRA again') as HTMLElement);

    const alert = await waitFor(() => screen.querySelector('[role="alert"]'));
    expect(alert.textContent).toContain('Only a document ZRA refused can be retried.');
    expect(requeued()).toBe(0);
  });

  it('offers no retry to someone who may not manage ZRA', async () => {
    const { screen } = await showPanel(REJECTED, ['invoices:read']);

    expect(screen.querySelector('button')).toBeNull();
    expect(screen.textContent).toContain('Someone who manages ZRA Smart Invoice can send it again once the cause is fixed.');
  });

  it.each(['not_issued', 'not_required'])('shows nothing for a %s invoice', async (status) => {
    const { screen } = await showPanel({ status, attempts: 0 });

    expect(screen.innerHTML).toBe('');
  });
});
