"""The client's phone UI: Min plan, meetings, settings, and the invite to get in."""
