"""Database tables (SQLModel) and the store that reads and writes them."""
