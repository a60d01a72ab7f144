"""judge: an open coding-practice judge for ML, CV and LLM exercises."""

__version__ = "0.1.0"
