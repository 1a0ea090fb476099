"""Routes of purchases: suppliers, expense categories, expenses, bills, supplier payments and credits."""
