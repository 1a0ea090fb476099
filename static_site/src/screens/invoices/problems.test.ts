import { describe, expect, it } from 'vitest';
import { draftProblemsFrom, problemSentence, salesMessage } from './problems';

const refusal = (errors: { field: string; code: string; message: string }[]) => ({
  type: 'about:blank',
  status: 422,
  code: errors[0]?.code ?? 'validation_failed',
  title: 'The invoice cannot be saved.',
  detail: null,
  errors,
});

describe('a refused invoice', () => {
  it('has each problem on the header field, or the line sent and its field', () => {
    const problems = draftProblemsFrom(
      refusal([
        { field: 'lpo_number', code: 'lpo_number_required', message: 'A zero-rated LPO (C2) sale needs the LPO number.' },
        { field: 'lines.1.quantity', code: 'quantity_precision', message: 'At most 4 decimal places.' },
        { field: 'lines.1.tax_category', code: 'tax_rate_missing', message: 'No A rate is set for 2026-03-14.' },
        { field: 'lines.0', code: 'something_new', message: 'A new rule the screen does not know.' },
        { field: 'lines', code: 'invoice_total_zero', message: 'An invoice must charge something.' },
      ]),
      ['line-a', 'line-b'],
    );

    expect(problems).toEqual({
      header: { lpoNumber: 'A line is zero rated by LPO (C2): give the LPO number.' },
      lines: {
        'line-a': { line: 'A new rule the screen does not know.' },
        'line-b': { quantity: 'Use at most 4 digits after the point.', taxCategory: 'No tax rate is set for this category on the invoice date.' },
      },
      other: ['An invoice must charge something.'],
    });
  });

  it('without field problems is said as a whole', () => {
    const problems = draftProblemsFrom(
      { type: 'about:blank', status: 409, code: 'invoice_not_draft', title: 'Only a draft invoice can be changed.', detail: 'The invoice is issued.' },
      [],
    );

    expect(problems.other).toEqual(['Only a draft can be changed; this invoice has been issued or voided.']);
  });
});

describe('an amount over what remains', () => {
  it('names the most that can be taken, in the currency', () => {
    const problem = { field: 'allocations.0.amount', code: 'allocation_exceeds_outstanding', message: 'At most 428.00.' };

    expect(salesMessage(problem, (wire) => `K${wire}`)).toBe('This is more than remains: at most K428.00.');
    expect(problemSentence(refusal([problem]))).toBe('This is more than remains: at most 428.00.');
  });
});
