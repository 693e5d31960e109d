"""jingpin: stamped, scanned 湖北精品 application forms in, verified normalized records out."""

__version__ = "0.1.0"
