//! C ABI for idiligo (see issue: C ABI). Placeholder until that work lands.
