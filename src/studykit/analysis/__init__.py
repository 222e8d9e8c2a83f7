"""Pure functions over the corpus tables."""
