"""Refusals more than one area of actions raises, each with a plain Swedish `message`."""


class WrongStatus(Exception):
    """The object is not in a status that allows this (someone else got there first, or
    the page was old). `message` says so in plain Swedish. The API answers 409."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
