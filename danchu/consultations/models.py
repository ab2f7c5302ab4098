"""Models of Nhân dân tham gia ý kiến."""
