// Load generator for the delivery service (issue 3): placeholder until the load tool lands.
print("cove-bench: not built yet")
