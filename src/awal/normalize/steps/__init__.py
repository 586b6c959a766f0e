"""Built-in normalisation steps, one module per family; importing a module registers its steps."""
