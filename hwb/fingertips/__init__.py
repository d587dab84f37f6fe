"""Fingertips (OHID): the API client, its cache, indicator metadata and areas."""
