"""arq workers: job runner, handlers per job kind, document templates."""
