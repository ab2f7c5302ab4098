"""danchu — nền tảng thực hiện dân chủ ở cơ sở (grassroots democracy platform)."""

__version__ = "0.1.0"
