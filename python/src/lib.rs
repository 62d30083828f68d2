//! Python bindings for idiligo (see issue: Python package). Placeholder until that work lands.
