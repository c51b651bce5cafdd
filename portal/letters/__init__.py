"""Letters from authorities: reading a photographed letter on our own server
(`preprocess`, `ocr`, `pipeline`), understanding what matters in its text (`understand`,
pure and rule-based) and what to suggest for the plan (`suggest`).

Nothing here sends a word of a letter anywhere, and nothing here logs its text."""
