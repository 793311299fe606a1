"""Tables the demo data is drawn from (server/demo_data.py): names, places, weights, notes."""
