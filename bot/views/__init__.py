"""Views of the data: what people read (cards, boards, results), built from the database
through a `Reader`. Views only read; the features decide and change, then show a view."""
