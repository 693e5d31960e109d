"""Turn page tokens into form fields: layout, templates, identifiers and normalizers."""
