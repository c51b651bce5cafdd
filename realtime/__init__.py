"""Live updates: the ASGI WebSocket routing and the after-commit event helper."""
