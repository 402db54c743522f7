"""Reference data the functional administrator keeps: KPI definitions and target groups."""
