"""Review screens, one module per part of the cycle; each lists its routes."""
