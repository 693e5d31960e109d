"""Stages of the page pipeline, each a plain function of plain data; no Prefect here."""
