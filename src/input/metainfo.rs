//! .torrent parsing (helper A fills this in).
