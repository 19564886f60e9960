"""cchc-docs: the administrative-reform (CCHC) reports of a Vietnamese school, in the ND 30/2020 layout."""

__version__ = "0.1.0"
