"""补换证 as clients see it."""
