"""Sales routes: customers, items, invoices."""
