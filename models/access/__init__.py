"""Who may see and do what: the Viewer built once per request, and the policies every entry point asks."""
