"""Reading and validating the files of a knowledge-base repository (the first stage)."""
