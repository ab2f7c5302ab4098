"""Models of Hương ước, quy ước."""
