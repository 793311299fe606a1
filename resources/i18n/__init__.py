"""Qt translations of the user interface: fieldbook_<language>.ts sources, .qm built beside them."""
