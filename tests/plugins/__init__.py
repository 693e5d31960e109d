"""Test plug-ins: stand-ins the product is given through its own extension points."""
