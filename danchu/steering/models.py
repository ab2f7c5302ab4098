"""Models of Chỉ đạo, kế hoạch, báo cáo."""
