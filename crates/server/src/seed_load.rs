//! `practicum seed-load`: placeholder, filled in below.
