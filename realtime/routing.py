"""WebSocket routes: one live socket per signed-in page."""

from django.urls import path

from realtime.consumers import LiveConsumer

websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]
