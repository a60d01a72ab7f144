"""The HTTP service (FastAPI): problems, submissions and live grading events."""
