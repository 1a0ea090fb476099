import { describe, expect, it } from 'vitest';
import { blankDraft, blankLine, readDraft, type InvoiceDraft } from './draft';
import { CUSTOMER } from './testing';

const written = (changes: Partial<InvoiceDraft> = {}): InvoiceDraft => ({
  ...blankDraft(),
  customer: CUSTOMER,
  lines: [{ ...blankLine(), itemId: 'item-1', quantity: '10' }],
  ...changes,
});

describe('a draft invoice read for the API', () => {
  it('sends the item’s line with what was typed, and leaves the rest to the item', () => {
    const { request, problems } = readDraft(written({ issueDate: '14/03/2026', lpoNumber: ' LPO-77 ', destinationCountry: 'cd' }));

    expect(problems).toEqual({ header: {}, lines: {}, other: [] });
    expect(request?.body).toEqual({
      customer_id: 'cust-1',
      lines: [{ item_id: 'item-1', description: null, quantity: '10', unit_price: null, discount_rate: '0', tax_category: null }],
      issue_date: '2026-03-14',
      due_date: null,
      currency: 'ZMW',
      exchange_rate: null,
      prices_include_vat: true,
      lpo_number: 'LPO-77',
      destination_country: 'CD',
      reference: '',
      notes: '',
    });
  });

  it('does not send blank lines, and keeps the ids of the lines it sends', () => {
    const lines = [blankLine(), { ...blankLine(), description: 'Delivery to Kabwe', unitPrice: '350', taxCategory: 'A' as const }, blankLine()];
    const { request } = readDraft(written({ lines }));

    expect(request?.sentLineIds).toEqual([lines[1]?.id]);
    expect(request?.body.lines).toEqual([
      { item_id: null, description: 'Delivery to Kabwe', quantity: '1', unit_price: '350', discount_rate: '0', tax_category: 'A' },
    ]);
  });

  it('lists every problem it can see at once, on its field', () => {
    const line = { ...blankLine(), description: 'Transport', quantity: '0', unitPrice: '1,2', discount: '101' };
    const { request, problems } = readDraft(written({ customer: null, currency: 'USD', dueDate: '31/02/2026', lines: [line] }));

    expect(request).toBeNull();
    expect(problems.header).toEqual({
      customer: { kind: 'required' },
      dueDate: { kind: 'date', error: 'noSuchDate' },
      exchangeRate: { kind: 'required' },
    });
    expect(problems.lines[line.id]).toEqual({
      quantity: { kind: 'quantityZero' },
      unitPrice: { kind: 'number', error: 'invalid', decimals: 4 },
      discount: { kind: 'discountRange' },
      taxCategory: { kind: 'required' },
    });
  });

  it('takes a foreign currency with its rate', () => {
    const { request } = readDraft(written({ currency: 'USD', exchangeRate: '27.125' }));

    expect(request?.body).toMatchObject({ currency: 'USD', exchange_rate: '27.125' });
  });
});
