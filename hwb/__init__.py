"""hwb: the evidence side of a Health and Wellbeing Board."""

__version__ = "0.1.0"
