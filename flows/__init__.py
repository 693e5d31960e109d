"""Prefect flows: wire the plain stages of ``pipeline/`` into tasks and runs."""
