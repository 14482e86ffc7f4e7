// The `cove` command-line client (issue 4): placeholder until the CLI work lands.
print("cove: not built yet")
