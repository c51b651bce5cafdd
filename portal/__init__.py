"""Brobyggare: project settings, the domain models and the actions that change them."""
