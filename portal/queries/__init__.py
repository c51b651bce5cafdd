"""Reads that pages, the API, the sockets and the reports share, one module per area.

Nothing here changes data (that is portal.actions). Each read model loads what a page
needs in a fixed number of queries, however large the caseload, the plan or the year."""
