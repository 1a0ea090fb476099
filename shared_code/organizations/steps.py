"""The onboarding steps, in order (dependency-free: the orchestration imports it at cold start)."""

ONBOARDING_STEPS = (
    "create_organization",
    "provision_schema",
    "seed_chart",
    "default_settings",
    "owner_membership",
    "welcome_email",
)
"""Each is an activity named `onboarding_<step>`; each is idempotent."""
