//! Magnet links (helper A fills this in).
