"""Page code that more than one UI uses: the conversation (client and ombud), registering a
request for an ombud (coordinator and ombud), and a contact's files (both parties)."""
