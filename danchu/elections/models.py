"""Models of Bầu, miễn nhiệm trưởng thôn và các ban."""
