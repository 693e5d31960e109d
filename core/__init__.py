"""Plain types and settings at the bottom of the layers: they import nothing of jingpin's own."""
