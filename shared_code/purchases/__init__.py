"""Purchases: suppliers, expense categories, expenses, bills and supplier payments."""
