"""Models of Phản ánh, kiến nghị."""
