"""Storage: SQLModel tables, the unit of work, Alembic migrations."""
