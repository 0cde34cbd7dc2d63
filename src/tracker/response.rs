//! Decoding HTTP tracker bodies (helper B fills this in).
