"""The coordinator's and the steering group's pages: the queue, the figures per ombud, the
system failures as a trend, and the annual report. Figures, never a client's content."""
