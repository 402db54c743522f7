"""Shared building blocks: errors, money and date rules, audit, state machines, formatting."""
