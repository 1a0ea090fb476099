"""Shared fixtures: real PostgreSQL, Azurite and SMTP, started by the tests themselves."""

pytest_plugins = [
    "tests.fixtures.postgres",
    "tests.fixtures.azurite",
    "tests.fixtures.smtp",
    "tests.fixtures.zra_sandbox",
    "tests.fixtures.airtel_sandbox",
    "tests.fixtures.services",
    "tests.fixtures.identity",
    "tests.e2e.browser",
]
