"""MedReg Briefings: turn news clippings on China's drug, device and cosmetics
regulation into a curated MkDocs Material site."""

__version__ = "0.1.0"
