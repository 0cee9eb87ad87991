"""Item pipelines: thin adapters that apply cleaning, byline and validation functions to items."""
