"""Programs: the shared catalog in the database, its pages and its services."""
