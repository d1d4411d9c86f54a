"""Wiring for Zhicheng: settings, the ASGI app, services (database, Redis) and the command line."""
