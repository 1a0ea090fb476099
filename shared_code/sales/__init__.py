"""Sales: customers, items, invoices with Zambian VAT, credit notes and payments."""
