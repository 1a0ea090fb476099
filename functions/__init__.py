"""Thin trigger adapters: parse the trigger, call a service, done. No business logic here."""
