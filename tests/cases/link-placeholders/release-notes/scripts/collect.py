print("pull requests")
