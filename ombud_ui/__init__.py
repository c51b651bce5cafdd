"""The ombud's phone UI: caseload and each client's plan."""
