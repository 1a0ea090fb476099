"""Documents: invoice, credit note, statement and receipt PDFs, stored and e-mailed."""
