"""The roster import engine (DATA-CONTRACT.md): validate everything, then write all or nothing."""
