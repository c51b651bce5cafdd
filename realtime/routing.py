"""WebSocket routes. The live-update consumer arrives with the messaging issue."""

websocket_urlpatterns: list = []
