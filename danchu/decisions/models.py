"""Models of Nhân dân bàn và quyết định."""
