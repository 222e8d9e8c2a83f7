"""The render wing: the manifest (``reports.yaml``), its job plan, and batch rendering to HTML.

``manifest`` plans jobs, ``engine`` executes them (papermill) and exports HTML with the
templates in ``templates/``. May import ``reports``, ``analysis``, ``corpus`` and the
foundation; only the CLI sits above it.
"""
