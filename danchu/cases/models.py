"""Models of Tiếp công dân, khiếu nại, tố cáo, hòa giải."""
