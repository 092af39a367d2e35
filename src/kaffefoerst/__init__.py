"""kaffefoerst: the morning meeting board for self-managing home-care teams."""

__version__ = "0.1.0"
