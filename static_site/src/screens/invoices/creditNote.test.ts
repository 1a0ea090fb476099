import { describe, expect, it } from 'vitest';
import { readCreditNote, type CreditNoteForm } from './creditNote';

const INVOICE = {
  id: 'inv-1',
  lines: [
    { line_number: 1, quantity: '10.0000' },
    { line_number: 2, quantity: '0.2500' },
  ],
};
const form = (changes: Partial<CreditNoteForm>): CreditNoteForm => ({ scope: 'lines', reasonCode: '06', reason: '', issueDate: '', quantities: {}, ...changes });

describe('a credit note read for the API', () => {
  it('sends the lines with a quantity, by line number, in the order of the invoice', () => {
    const { request } = readCreditNote(form({ quantities: { 2: '0.25', 1: ' 2.5 ' }, issueDate: '21/03/2026' }), INVOICE);

    expect(request?.body).toEqual({
      invoice_id: 'inv-1',
      reason_code: '06',
      reason: '',
      issue_date: '2026-03-21',
      lines: [
        { line_number: 1, quantity: '2.5' },
        { line_number: 2, quantity: '0.25' },
      ],
    });
    expect(request?.sentLineNumbers).toEqual([1, 2]);
  });

  it('compares quantities exactly, to the fourth decimal', () => {
    const { problems } = readCreditNote(form({ quantities: { 2: '0.2501' } }), INVOICE);

    expect(problems.lines).toEqual({ 2: { kind: 'moreThanInvoiced', invoiced: '0.25' } });
  });

  it('needs a line when crediting some lines, and a reason', () => {
    const { request, problems } = readCreditNote(form({ reasonCode: '' }), INVOICE);

    expect(request).toBeNull();
    expect(problems.fields).toEqual({ reasonCode: { kind: 'required' } });
    expect(problems.other).toEqual([{ kind: 'noLines' }]);
  });
});
