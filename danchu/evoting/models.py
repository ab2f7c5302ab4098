"""Models of Biểu quyết trực tuyến."""
