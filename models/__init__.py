"""Trained models shipped with unionnlp (importable as ``unionnlp_models``)."""
