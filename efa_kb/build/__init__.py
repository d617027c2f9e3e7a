"""Building the generated MkDocs projects into sites and publishing them safely."""
