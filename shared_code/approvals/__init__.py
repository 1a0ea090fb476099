"""Expense approval: policies, requests and decisions, delegation."""
