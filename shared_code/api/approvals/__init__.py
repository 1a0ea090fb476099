"""Approval routes: the policy and its simulator, requests and decisions, delegations."""
